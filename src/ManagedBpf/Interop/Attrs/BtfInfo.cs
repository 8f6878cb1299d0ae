using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The leading members of <c>struct bpf_btf_info</c> (include/uapi/linux/bpf.h): btf, btf_size, id.</summary>
[StructLayout(LayoutKind.Explicit, Size = 16)]
internal struct BtfInfo
{
    [FieldOffset(0), KernelField("btf")] public ulong Btf;
    [FieldOffset(8), KernelField("btf_size")] public uint BtfSize;
    [FieldOffset(12), KernelField("id")] public uint Id;
}
