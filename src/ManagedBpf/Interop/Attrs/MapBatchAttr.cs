using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The <c>batch</c> member of <c>union bpf_attr</c> for BPF_MAP_{LOOKUP,LOOKUP_AND_DELETE,UPDATE,DELETE}_BATCH
/// (include/uapi/linux/bpf.h, 5.6+). in_batch and out_batch point at an opaque cursor the kernel writes and reads
/// back; <see cref="Count"/> is the room in <see cref="Keys"/>/<see cref="Values"/> on the way in and the number of
/// elements done on the way out, also when the call fails.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 56)]
internal struct MapBatchAttr
{
    [FieldOffset(0), KernelField("in_batch")] public ulong InBatch;
    [FieldOffset(8), KernelField("out_batch")] public ulong OutBatch;
    [FieldOffset(16), KernelField("keys")] public ulong Keys;
    [FieldOffset(24), KernelField("values")] public ulong Values;
    [FieldOffset(32), KernelField("count")] public uint Count;
    [FieldOffset(36), KernelField("map_fd")] public uint MapFd;
    [FieldOffset(40), KernelField("elem_flags")] public ulong ElemFlags;
    [FieldOffset(48), KernelField("flags")] public ulong Flags;
}
