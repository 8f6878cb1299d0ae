using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_OBJ_PIN / BPF_OBJ_GET member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h): pathname, bpf_fd,
/// file_flags, path_fd. path_fd (6.5+) is only read with BPF_F_PATH_FD, which is never set here.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 20)]
internal struct ObjPinAttr
{
    /// <summary>Pointer to the NUL-terminated path.</summary>
    [FieldOffset(0), KernelField("pathname")] public ulong Pathname;
    [FieldOffset(8), KernelField("bpf_fd")] public uint BpfFd;
    [FieldOffset(12), KernelField("file_flags")] public uint FileFlags;
    [FieldOffset(16), KernelField("path_fd")] public int PathFd;
}
