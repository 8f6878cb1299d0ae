using ManagedBpf.Interop;
using ManagedBpf.Maps;

namespace ManagedBpf.RingBuf;

/// <summary>
/// Reads records from a BPF_MAP_TYPE_RINGBUF map (5.8+). Maps the consumer page read-write and the producer page plus
/// the twice-mapped data area read-only, and waits with epoll on the map fd. Not thread-safe: use one reader per
/// thread (only <see cref="Wake"/> may be called from elsewhere). Records are valid only during the handler call (the space is released to the kernel right after).
/// </summary>
public sealed unsafe class RingBufferReader : IDisposable
{
    private readonly MmapRegion _consumerPage;
    private readonly MmapRegion _producerArea;
    private readonly BpfFd _epoll;
    private readonly BpfFd _wakeEvent;
    private readonly RingLayout _layout;
    private readonly string _name;

    // epoll data tags telling the two watched fds apart.
    private const ulong RingTag = 0, WakeTag = 1;

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
            _epoll = Epoll.Create(_name);
            Epoll.Add(_epoll, map.Handle, RingTag, _name);
            _wakeEvent = EventFd.Create(_name);
            Epoll.Add(_epoll, _wakeEvent, WakeTag, _name);
        }
        catch
        {
            _wakeEvent?.Dispose();
            _epoll?.Dispose();
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
    /// signal data, then consumes. Returns the records handed to <paramref name="handler"/>; 0 on timeout, after
    /// <see cref="Wake"/>, and when a signal interrupted the wait (EINTR is not an error and not a request to stop:
    /// the caller decides that, e.g. from a flag its signal handler sets).
    /// </summary>
    public int Poll(TimeSpan timeout, RecordHandler handler) => Poll(timeout, handler, CancellationToken.None);

    /// <summary>
    /// As <see cref="Poll(TimeSpan, RecordHandler)"/>, returning promptly (0 records, no exception) once
    /// <paramref name="cancellationToken"/> is cancelled, so a Ctrl-C handler can stop a poll loop blocked with an
    /// infinite timeout.
    /// </summary>
    public int Poll(TimeSpan timeout, RecordHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (cancellationToken.IsCancellationRequested)
            return 0;
        var milliseconds = ToMilliseconds(timeout);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((RingBufferReader)state!).Wake(), this)
            : default;
        Span<ulong> tags = stackalloc ulong[Epoll.MaxEvents];
        var result = Epoll.Wait(_epoll, milliseconds, tags);
        if (result == -Errno.EINTR)
            return 0;
        if (result < 0)
            throw SyscallError.Create("epoll_wait", -result, _name);
        if (tags[..result].Contains(WakeTag))
            EventFd.Drain(_wakeEvent);
        // Consume even after a timeout or a wake: it costs two loads and would pick up a record whose wake-up was lost.
        return Consume(handler);
    }

    /// <summary>
    /// Makes a <see cref="Poll(TimeSpan, RecordHandler)"/> blocked on another thread (or the next one) return
    /// promptly. Thread-safe; the one member that may be called concurrently with Poll.
    /// </summary>
    public void Wake()
    {
        // A late Ctrl-C handler may race Dispose; waking a disposed reader has nothing left to do.
        try
        {
            EventFd.Signal(_wakeEvent);
        }
        catch (ObjectDisposedException)
        {
        }
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
        _wakeEvent.Dispose();
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
