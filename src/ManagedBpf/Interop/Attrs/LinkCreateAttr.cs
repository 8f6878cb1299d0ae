using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_LINK_CREATE member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h) with the arms of its per-kind union
/// that ManagedBpf fills, overlaid at offset 16 as in C: perf_event (bpf_cookie, 5.15+), iter_info (5.9+),
/// kprobe_multi (5.18+), tracing (cookie, 6.6+), netfilter (6.4+), tcx and cgroup (relative_fd, expected_revision;
/// 6.6+) and uprobe_multi (6.6+). target_fd is the perf event, cgroup or netns fd, or the ifindex for xdp and tcx.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
internal struct LinkCreateAttr
{
    [FieldOffset(0), KernelField("prog_fd")] public uint ProgFd;
    [FieldOffset(4), KernelField("target_fd")] public uint TargetFd;
    [FieldOffset(8), KernelField("attach_type")] public uint AttachType;
    [FieldOffset(12), KernelField("flags")] public uint Flags;
    [FieldOffset(16), KernelField("perf_event.bpf_cookie")] public ulong PerfEventBpfCookie;
    [FieldOffset(16), KernelField("iter_info")] public ulong IterInfo;
    [FieldOffset(24), KernelField("iter_info_len")] public uint IterInfoLen;
    [FieldOffset(16), KernelField("kprobe_multi.flags")] public uint KprobeMultiFlags;
    [FieldOffset(20), KernelField("kprobe_multi.cnt")] public uint KprobeMultiCnt;
    [FieldOffset(24), KernelField("kprobe_multi.syms")] public ulong KprobeMultiSyms;
    [FieldOffset(32), KernelField("kprobe_multi.addrs")] public ulong KprobeMultiAddrs;
    [FieldOffset(40), KernelField("kprobe_multi.cookies")] public ulong KprobeMultiCookies;
    [FieldOffset(24), KernelField("tracing.cookie")] public ulong TracingCookie;
    [FieldOffset(16), KernelField("netfilter.pf")] public uint NetfilterPf;
    [FieldOffset(20), KernelField("netfilter.hooknum")] public uint NetfilterHooknum;
    [FieldOffset(24), KernelField("netfilter.priority")] public int NetfilterPriority;
    [FieldOffset(28), KernelField("netfilter.flags")] public uint NetfilterFlags;
    [FieldOffset(16), KernelField("tcx.relative_fd")] public uint TcxRelativeFd;
    [FieldOffset(24), KernelField("tcx.expected_revision")] public ulong TcxExpectedRevision;
    [FieldOffset(16), KernelField("uprobe_multi.path")] public ulong UprobeMultiPath;
    [FieldOffset(24), KernelField("uprobe_multi.offsets")] public ulong UprobeMultiOffsets;
    [FieldOffset(32), KernelField("uprobe_multi.ref_ctr_offsets")] public ulong UprobeMultiRefCtrOffsets;
    [FieldOffset(40), KernelField("uprobe_multi.cookies")] public ulong UprobeMultiCookies;
    [FieldOffset(48), KernelField("uprobe_multi.cnt")] public uint UprobeMultiCnt;
    [FieldOffset(52), KernelField("uprobe_multi.flags")] public uint UprobeMultiFlags;
    [FieldOffset(56), KernelField("uprobe_multi.pid")] public uint UprobeMultiPid;
}
