using ManagedBpf.Interop;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// One ring a <see cref="RecordReader"/> drains: a BPF ring buffer map (<see cref="RingMapping"/>, which the reader's
/// cursor walks inline), or one CPU's perf event ring (an <see cref="IPullRing"/>, read a record per call). It owns its
/// mappings; its reader owns the epoll set that waits on <see cref="EventFd"/>.
/// </summary>
internal interface IRecordRing : IDisposable
{
    /// <summary>The map's name (and CPU), for messages.</summary>
    string Name { get; }

    /// <summary>The fd whose EPOLLIN says the ring has data.</summary>
    SafeFd EventFd { get; }

    /// <summary>
    /// Push: hands every record to <paramref name="handler"/> in place, up to <paramref name="maxRecords"/>, publishing
    /// the consumer position as <paramref name="mode"/> says. The reader's pull cursor has left the ring first
    /// (<see cref="RecordCursor.Commit"/>), so the ring's own position is current.
    /// </summary>
    int Consume<THandler>(ref THandler handler, int maxRecords, CommitMode mode) where THandler : IRingRecordHandler, allows ref struct;

    /// <summary>Whether a record can be read now (cheap loads only; for the waiter of the async surface).</summary>
    bool HasRecord();

    /// <summary>Bytes not consumed yet (records still being written included).</summary>
    ulong Pending();
}

/// <summary>
/// A ring whose records the reader's cursor takes one call at a time (a perf event ring: its samples may need putting
/// back together and its lost counts adding up, which its walker does).
/// </summary>
internal interface IPullRing : IRecordRing
{
    /// <summary>
    /// The next record in place, valid until the next call on this ring. The records before it are released (their
    /// space goes back to the producer by a quarter of the ring at a time); false when none is ready, and then every
    /// record read is released. A pointer, not a span: the cursor builds the span, and memory only when asked
    /// (<see cref="AsMemory"/>).
    /// </summary>
    unsafe bool TryRead(out byte* record, out int length);

    /// <summary>The record <see cref="TryRead"/> just gave, as memory over the same bytes (for the async surface).</summary>
    unsafe ReadOnlyMemory<byte> AsMemory(byte* record, int length);

    /// <summary>Releases the records read through <see cref="TryRead"/>, the last one included.</summary>
    void Commit();
}
