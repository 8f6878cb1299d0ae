using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The positions of <c>struct perf_event_mmap_page</c> (include/uapi/linux/perf_event.h), the first page of a perf
/// event's mapping; the ring's data pages follow it (at data_offset, which is one page for every kernel since 4.1).
/// The kernel writes data_head; the reader writes data_tail (the protocol is described in PerfRingWalker).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 1056)]
internal struct PerfEventMmapPage
{
    [FieldOffset(1024), KernelField("data_head")] public ulong DataHead;
    [FieldOffset(1032), KernelField("data_tail")] public ulong DataTail;
    [FieldOffset(1040), KernelField("data_offset")] public ulong DataOffset;
    [FieldOffset(1048), KernelField("data_size")] public ulong DataSize;
}
