using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_RAW_TRACEPOINT_OPEN member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h): the tracepoint's name (a
/// pointer to a NUL-terminated string) and the program. The cookie that follows (6.10+) is left out: zero is what an
/// older kernel needs to see there anyway.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct RawTracepointOpenAttr
{
    [FieldOffset(0), KernelField("name")] public ulong Name;
    [FieldOffset(8), KernelField("prog_fd")] public uint ProgFd;
}
