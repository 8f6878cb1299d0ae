using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The <c>enable_stats</c> member of <c>union bpf_attr</c> for BPF_ENABLE_STATS (include/uapi/linux/bpf.h, 5.8+).</summary>
[StructLayout(LayoutKind.Explicit, Size = 4)]
internal struct EnableStatsAttr
{
    /// <summary>BPF_STATS_RUN_TIME: count runs and their time in every program (bpf_prog_info run_cnt, run_time_ns).</summary>
    public const uint StatsRunTime = 0;

    [FieldOffset(0), KernelField("type")] public uint Type;
}
