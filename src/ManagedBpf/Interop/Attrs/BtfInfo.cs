using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The leading members of <c>struct bpf_btf_info</c> (include/uapi/linux/bpf.h): btf, btf_size, id.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct BtfInfo
{
    [FieldOffset(0)] public ulong Btf;
    [FieldOffset(8)] public uint BtfSize;
    [FieldOffset(12)] public uint Id;
}
