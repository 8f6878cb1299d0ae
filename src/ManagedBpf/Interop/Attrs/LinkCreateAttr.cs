using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_LINK_CREATE member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h) with the perf_event arm of its
/// target union (bpf_cookie, 5.15+). target_fd is the perf event fd for BPF_PERF_EVENT.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct LinkCreateAttr
{
    [FieldOffset(0), KernelField("prog_fd")] public uint ProgFd;
    [FieldOffset(4), KernelField("target_fd")] public uint TargetFd;
    [FieldOffset(8), KernelField("attach_type")] public uint AttachType;
    [FieldOffset(12), KernelField("flags")] public uint Flags;
    [FieldOffset(16), KernelField("perf_event.bpf_cookie")] public ulong PerfEventBpfCookie;
}
