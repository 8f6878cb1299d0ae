using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_RAW_TRACEPOINT_OPEN member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h): a tracepoint's name, or 0
/// for a program whose attach_btf_id names its target (tp_btf, fentry/fexit, lsm on kernels before BPF_LINK_CREATE
/// took them, 5.5-5.12).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct RawTracepointOpenAttr
{
    [FieldOffset(0), KernelField("name")] public ulong Name;
    [FieldOffset(8), KernelField("prog_fd")] public uint ProgFd;
}
