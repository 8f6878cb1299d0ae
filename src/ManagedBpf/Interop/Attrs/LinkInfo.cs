using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The common head of <c>struct bpf_link_info</c> (include/uapi/linux/bpf.h): type, id, prog_id.</summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct LinkInfo
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public uint ProgId;
}
