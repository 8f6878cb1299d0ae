using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_LINK_CREATE member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h) with the perf_event arm of its
/// target union (bpf_cookie, 5.15+). target_fd is the perf event fd for BPF_PERF_EVENT.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 24)]
internal struct LinkCreateAttr
{
    [FieldOffset(0)] public uint ProgFd;
    [FieldOffset(4)] public uint TargetFd;
    [FieldOffset(8)] public uint AttachType;
    [FieldOffset(12)] public uint Flags;
    [FieldOffset(16)] public ulong PerfEventBpfCookie;
}
