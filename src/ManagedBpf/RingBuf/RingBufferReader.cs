using ManagedBpf.Interop;
using ManagedBpf.Maps;

namespace ManagedBpf.RingBuf;

/// <summary>
/// Reads records from a BPF_MAP_TYPE_RINGBUF map (5.8+). Maps the consumer page read-write and the producer page plus
/// the twice-mapped data area read-only, and waits with epoll on the map fd. Not thread-safe: use one reader per
/// thread. Records are valid only during the handler call (the space is released to the kernel right after).
/// </summary>
public sealed unsafe class RingBufferReader : IDisposable
{
    private readonly MmapRegion _consumerPage;
    private readonly MmapRegion _producerArea;
    private readonly BpfFd _epoll;
    private readonly RingLayout _layout;
    private readonly string _name;

    /// <summary>Maps <paramref name="map"/>, which must be a ring buffer.</summary>
    public RingBufferReader(BpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Type != MapType.RingBuf)
            throw new ArgumentException($"map '{map.Name}' is a {map.Type}, not a RingBuf", nameof(map));
        _name = map.Name;
        var page = (nuint)Environment.SystemPageSize;
        var dataSize = (nuint)map.MaxEntries;
        // Layout from ringbuf_map_mmap_kern (kernel/bpf/ringbuf.c): page 0 = consumer_pos (writable), page 1 =
        // producer_pos (read-only: mapping it writable is EPERM), then the data pages, mapped twice in a row.
        _consumerPage = MmapRegion.Map(map.Handle, page, Libc.PROT_READ | Libc.PROT_WRITE, 0, _name);
        try
        {
            _producerArea = MmapRegion.Map(map.Handle, page + 2 * dataSize, Libc.PROT_READ, (long)page, _name);
            _epoll = Epoll.CreateWatching(map.Handle, _name);
        }
        catch
        {
            _producerArea?.Dispose();
            _consumerPage.Dispose();
            throw;
        }
        _layout = new RingLayout(
            (ulong*)_consumerPage.Address, (ulong*)_producerArea.Address, (byte*)_producerArea.Address + page, dataSize);
    }

    /// <summary>Receives one record; the span is only valid during the call.</summary>
    public delegate void RecordHandler(ReadOnlySpan<byte> record);

    /// <summary>Data size of the ring in bytes.</summary>
    public int Size => (int)_layout.Size;

    /// <summary>Bytes not consumed yet (including records still being written).</summary>
    public long PendingBytes
    {
        get
        {
            bool consumerAdded = false, producerAdded = false;
            try
            {
                AddRefRegions(ref consumerAdded, ref producerAdded);
                return (long)RingWalker.Pending(_layout);
            }
            finally
            {
                ReleaseRegions(consumerAdded, producerAdded);
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> waits forever) for the kernel to
    /// signal data, then consumes. Returns the records handed to <paramref name="handler"/>; 0 on timeout and when a
    /// signal interrupted the wait (EINTR is not an error and not a request to stop: the caller decides that).
    /// </summary>
    public int Poll(TimeSpan timeout, RecordHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var result = Epoll.Wait(_epoll, ToMilliseconds(timeout));
        if (result == -Errno.EINTR)
            return 0;
        if (result < 0)
            throw SyscallError.Create("epoll_wait", -result, _name);
        // Consume even after a timeout: it costs two loads and would pick up a record whose wake-up was lost.
        return Consume(handler);
    }

    /// <summary>Hands every committed record to <paramref name="handler"/> without waiting; returns how many.</summary>
    public int Consume(RecordHandler handler) => Consume(handler, int.MaxValue);

    /// <summary>As <see cref="Consume(RecordHandler)"/>, stopping after <paramref name="maxRecords"/> records.</summary>
    public int Consume(RecordHandler handler, int maxRecords)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        bool consumerAdded = false, producerAdded = false;
        try
        {
            AddRefRegions(ref consumerAdded, ref producerAdded);
            return RingWalker.Consume(_layout, handler, maxRecords);
        }
        finally
        {
            ReleaseRegions(consumerAdded, producerAdded);
        }
    }

    /// <summary>Unmaps the ring and closes the epoll fd.</summary>
    public void Dispose()
    {
        _epoll.Dispose();
        _producerArea.Dispose();
        _consumerPage.Dispose();
    }

    private static int ToMilliseconds(TimeSpan timeout)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
            return -1;
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        // Round up so a sub-millisecond timeout still sleeps instead of busy-polling.
        return (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
    }

    // Keeps both mappings from being unmapped by a concurrent Dispose while pointers into them are in use
    // (a disposed region throws ObjectDisposedException here instead of faulting).
    private void AddRefRegions(ref bool consumerAdded, ref bool producerAdded)
    {
        _consumerPage.DangerousAddRef(ref consumerAdded);
        _producerArea.DangerousAddRef(ref producerAdded);
    }

    private void ReleaseRegions(bool consumerAdded, bool producerAdded)
    {
        if (producerAdded)
            _producerArea.DangerousRelease();
        if (consumerAdded)
            _consumerPage.DangerousRelease();
    }
}
