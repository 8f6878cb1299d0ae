using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_*_GET_NEXT_ID / BPF_*_GET_FD_BY_ID member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h):
/// start_id (aliased by prog_id, map_id, btf_id, link_id), next_id, open_flags.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 12)]
internal struct GetIdAttr
{
    [FieldOffset(0), KernelField("start_id")] public uint StartId;
    [FieldOffset(4), KernelField("next_id")] public uint NextId;
    [FieldOffset(8), KernelField("open_flags")] public uint OpenFlags;
}
