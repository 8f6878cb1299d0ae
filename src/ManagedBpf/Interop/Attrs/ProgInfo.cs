using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The leading members of <c>struct bpf_prog_info</c> (include/uapi/linux/bpf.h), through recursion_misses (5.12+).
/// The kernel copies min(info_len, its size) bytes, so a prefix is a valid request; pointer fields stay 0 so no
/// array is filled (only their counts). The members between name and run_time_ns are not read here.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 216)]
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

    /// <summary>Total run time while BPF_ENABLE_STATS (or the kernel.bpf_stats_enabled sysctl) was on (5.1+).</summary>
    [FieldOffset(192), KernelField("run_time_ns")] public ulong RunTimeNs;
    [FieldOffset(200), KernelField("run_cnt")] public ulong RunCnt;

    /// <summary>Runs skipped because the program was already running on that CPU (5.12+).</summary>
    [FieldOffset(208), KernelField("recursion_misses")] public ulong RecursionMisses;
}
