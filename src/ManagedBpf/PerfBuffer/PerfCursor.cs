namespace ManagedBpf.PerfBuffer;

/// <summary>Where a reader stands in one perf ring: what it has read, published, last seen of the producer, and lost.</summary>
internal struct PerfCursor
{
    /// <summary>The position after the last record read.</summary>
    public ulong Tail;

    /// <summary>The data_tail last published (only this reader writes it).</summary>
    public ulong Published;

    /// <summary>The data_head last read: records below it need no new load of it.</summary>
    public ulong Head;

    /// <summary>Samples the kernel reported lost (PERF_RECORD_LOST) so far.</summary>
    public ulong Lost;

    /// <summary>Where wrapped records are put back together; grown to the largest one seen.</summary>
    public byte[] Scratch;
}
