using ManagedBpf.Interop;
using ManagedBpf.Maps;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// One ring buffer map's pages in our address space: the consumer page read-write and the producer page plus the
/// twice-mapped data read-only. The mappings hold the map's file, so they outlive the <see cref="BpfMap"/> they came
/// from.
/// </summary>
internal sealed unsafe class RingMapping : IRecordRing
{
    private readonly MmapRegion _consumerPage;
    private readonly MmapRegion _producerArea;
    private readonly SafeFd _mapFd;
    private readonly ReadOnlyMemory<byte> _data;
    private PullCursor _cursor;

    // The mappings, held while a cursor is in the ring (between Enter and Leave): the records it handed out are in
    // place in them.
    private readonly HeldReference _heldConsumer = new();
    private readonly HeldReference _heldProducer = new();

    public RingMapping(BpfMap map)
    {
        if (map.Type != MapType.RingBuf)
            throw new ArgumentException($"map '{map.Name}' is a {map.Type}, not a RingBuf", nameof(map));
        Name = map.Name;
        _mapFd = map.Fd;
        var page = (nuint)Environment.SystemPageSize;
        var dataSize = (nuint)map.MaxEntries;
        // Layout from ringbuf_map_mmap_kern (kernel/bpf/ringbuf.c): page 0 = consumer_pos (writable), page 1 =
        // producer_pos (read-only: mapping it writable is EPERM), then the data pages, mapped twice in a row so a
        // record that wraps past the end reads contiguously.
        _consumerPage = MmapRegion.Map(map.Fd, page, writable: true, 0, Name);
        try
        {
            _producerArea = MmapRegion.Map(map.Fd, page + 2 * dataSize, writable: false, (long)page, Name);
        }
        catch
        {
            _consumerPage.Dispose();
            throw;
        }
        Layout = new RingLayout(
            (ulong*)_consumerPage.Address, (ulong*)_producerArea.Address, (byte*)_producerArea.Address + page, dataSize);
        // Memory<T> counts in int: rings up to 512 MiB (both copies of the data) can hand out records as memory.
        if (2 * dataSize <= int.MaxValue)
            _data = new MappedMemory(Layout.Data, (int)(2 * dataSize)).Memory;
        _cursor = RingWalker.Start(Layout);
    }

    /// <summary>The map's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The map fd: epoll reports EPOLLIN on it while data is waiting (ringbuf_map_poll_kern).</summary>
    public SafeFd EventFd => _mapFd;

    /// <summary>
    /// The pointers; valid only while the mappings are held (a lease in <see cref="Consume"/> and <see cref="Pending"/>,
    /// or the references between <see cref="Enter"/> and <see cref="Leave"/>), so a concurrent Dispose throws ObjectDisposedException there
    /// instead of unmapping pages in use.
    /// </summary>
    public RingLayout Layout { get; }

    /// <summary>Drains the ring (see <see cref="RingWalker.Consume"/>) while holding the mappings.</summary>
    public int Consume<THandler>(ref THandler handler, int maxRecords, CommitMode mode)
        where THandler : IRingRecordHandler, allows ref struct
    {
        using var consumer = HandleLease.Of(_consumerPage);
        using var producer = HandleLease.Of(_producerArea);
        try
        {
            return RingWalker.Consume(Layout, ref handler, maxRecords, mode);
        }
        finally
        {
            _cursor = RingWalker.Start(Layout);
        }
    }

    /// <summary>
    /// A cursor enters the ring: the mappings are held until <see cref="Leave"/> (records are out in place meanwhile),
    /// and the pull position is handed over. Walking it is <see cref="RingWalker"/>'s, on the caller's copy.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The ring is unmapped.</exception>
    public PullCursor Enter()
    {
        _heldConsumer.Hold(_consumerPage);
        _heldProducer.Hold(_producerArea);
        return _cursor;
    }

    /// <summary>
    /// The cursor leaves: its position is kept, published (every record it handed out goes back to the producer: the
    /// commit), and the mappings are let go.
    /// </summary>
    public void Leave(in PullCursor cursor)
    {
        _cursor = cursor;
        RingWalker.Commit(Layout, ref _cursor);
        Release();
    }

    /// <summary>A record the cursor handed out, as memory over the same bytes (for the async surface).</summary>
    public ReadOnlyMemory<byte> AsMemory(byte* record, int length) =>
        _data.IsEmpty
            ? throw new InvalidOperationException($"ring buffer '{Name}' is larger than 512 MiB: read it as spans (TryRead, ReadAvailable, Poll or Consume)")
            : _data.Slice((int)(record - Layout.Data), length);

    /// <summary>Whether a committed record waits at the read position.</summary>
    public bool HasRecord()
    {
        using var consumer = HandleLease.Of(_consumerPage);
        using var producer = HandleLease.Of(_producerArea);
        return RingWalker.HasRecord(Layout, _cursor.Position);
    }

    /// <summary>Bytes not consumed yet (records still being written included).</summary>
    public ulong Pending()
    {
        using var consumer = HandleLease.Of(_consumerPage);
        using var producer = HandleLease.Of(_producerArea);
        return RingWalker.Pending(Layout);
    }

    /// <summary>Unmaps both regions (once the last <see cref="Consume"/> in flight has left them).</summary>
    public void Dispose()
    {
        Release();
        _producerArea.Dispose();
        _consumerPage.Dispose();
    }

    private void Release()
    {
        _heldConsumer.Release();
        _heldProducer.Release();
    }
}
