using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The BPF_OBJ_GET_INFO_BY_FD member (<c>info</c>) of <c>union bpf_attr</c> (include/uapi/linux/bpf.h).</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct ObjGetInfoAttr
{
    [FieldOffset(0), KernelField("bpf_fd")] public uint BpfFd;

    /// <summary>In: the buffer size. Out: the bytes the kernel filled (min of both sizes).</summary>
    [FieldOffset(4), KernelField("info_len")] public uint InfoLen;
    [FieldOffset(8), KernelField("info")] public ulong Info;
}
