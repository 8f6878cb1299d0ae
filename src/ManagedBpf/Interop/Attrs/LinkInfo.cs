using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The common head of <c>struct bpf_link_info</c> (include/uapi/linux/bpf.h): type, id, prog_id.</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct LinkInfo
{
    [FieldOffset(0), KernelField("type")] public uint Type;
    [FieldOffset(4), KernelField("id")] public uint Id;
    [FieldOffset(8), KernelField("prog_id")] public uint ProgId;
}
