using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The leading members of <c>struct bpf_prog_info</c> (include/uapi/linux/bpf.h), through name. The kernel copies
/// min(info_len, its size) bytes, so a prefix is a valid request; pointer fields stay 0 so nothing else is filled.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct ProgInfo
{
    [FieldOffset(0), KernelField("type")] public uint Type;
    [FieldOffset(4), KernelField("id")] public uint Id;
    [FieldOffset(8), KernelField("tag")] public fixed byte Tag[8];
    [FieldOffset(16), KernelField("jited_prog_len")] public uint JitedProgLen;
    [FieldOffset(20), KernelField("xlated_prog_len")] public uint XlatedProgLen;
    [FieldOffset(24), KernelField("jited_prog_insns")] public ulong JitedProgInsns;
    [FieldOffset(32), KernelField("xlated_prog_insns")] public ulong XlatedProgInsns;
    [FieldOffset(40), KernelField("load_time")] public ulong LoadTime;
    [FieldOffset(48), KernelField("created_by_uid")] public uint CreatedByUid;
    [FieldOffset(52), KernelField("nr_map_ids")] public uint NrMapIds;
    [FieldOffset(56), KernelField("map_ids")] public ulong MapIds;
    [FieldOffset(64), KernelField("name")] public fixed byte Name[ObjectName.Capacity];
}
