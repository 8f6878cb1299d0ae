using ManagedBpf.Interop;

namespace ManagedBpf.PerfBuffer;

/// <summary>
/// Where one perf event ring is in memory: the control page (data_head, data_tail) and the data pages after it. Unlike
/// a BPF ring buffer's, the data is mapped once, so a record that runs past the end continues at the start.
/// </summary>
internal readonly unsafe struct PerfRingLayout
{
    public PerfRingLayout(PerfEventMmapPage* header, byte* data, ulong size)
    {
        if (size == 0 || (size & (size - 1)) != 0)
            throw new ArgumentException($"perf ring size {size} is not a power of two", nameof(size));
        Header = header;
        Data = data;
        Size = size;
    }

    /// <summary>The control page: data_head written by the kernel, data_tail by user space.</summary>
    public PerfEventMmapPage* Header { get; }

    /// <summary>Start of the data pages.</summary>
    public byte* Data { get; }

    /// <summary>Data size in bytes (a power of two number of pages); positions are taken modulo it.</summary>
    public ulong Size { get; }

    /// <summary>Size - 1.</summary>
    public ulong Mask => Size - 1;
}
