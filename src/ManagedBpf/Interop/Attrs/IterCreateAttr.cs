using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The BPF_ITER_CREATE member of <c>union bpf_attr</c>: an iterator link, whose new fd reads the iterator's output.</summary>
[StructLayout(LayoutKind.Explicit, Size = 8)]
internal struct IterCreateAttr
{
    [FieldOffset(0), KernelField("link_fd")] public uint LinkFd;
    [FieldOffset(4), KernelField("flags")] public uint Flags;
}
