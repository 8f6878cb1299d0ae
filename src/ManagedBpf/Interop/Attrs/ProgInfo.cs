using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The leading members of <c>struct bpf_prog_info</c> (include/uapi/linux/bpf.h), through name. The kernel copies
/// min(info_len, its size) bytes, so a prefix is a valid request; pointer fields stay 0 so nothing else is filled.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct ProgInfo
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public fixed byte Tag[8];
    [FieldOffset(16)] public uint JitedProgLen;
    [FieldOffset(20)] public uint XlatedProgLen;
    [FieldOffset(24)] public ulong JitedProgInsns;
    [FieldOffset(32)] public ulong XlatedProgInsns;
    [FieldOffset(40)] public ulong LoadTime;
    [FieldOffset(48)] public uint CreatedByUid;
    [FieldOffset(52)] public uint NrMapIds;
    [FieldOffset(56)] public ulong MapIds;
    [FieldOffset(64)] public fixed byte Name[ObjectName.Capacity];
}
