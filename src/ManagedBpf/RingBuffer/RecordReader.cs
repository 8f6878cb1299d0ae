using ManagedBpf.Interop;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// What the ring buffer reader (<see cref="RingBufferReader"/>) and the perf buffer reader (PerfBufferReader) share:
/// several rings behind one epoll set, and three ways to read their records without copying them. Push:
/// <see cref="Poll{THandler}(TimeSpan, ref THandler, CancellationToken)"/> and <see cref="Consume{THandler}(ref THandler, int)"/> hand
/// each record to a handler as a span into the ring (struct handlers are inlined). Pull: <see cref="ReadAvailable"/>
/// walks the records ready now and commits once at the end; <see cref="TryRead"/> returns the next record, valid until
/// the next call, and <see cref="Commit"/> hands the space back. Async: <see cref="ReadBatchesAsync"/> (batches as they
/// come), <see cref="ReadAllAsync"/> (records as they come, for <c>await foreach</c>) and <see cref="WaitToReadAsync"/>
/// wait on a thread of their own instead of blocking the caller's.
/// Not thread-safe: one thread reads; only <see cref="Wake"/> and cancellation may come from elsewhere.
/// </summary>
public abstract partial class RecordReader : IDisposable
{
    // epoll data of the eventfd; a ring's is its index in _rings.
    private const ulong WakeTag = ulong.MaxValue;

    private readonly IRecordRing[] _rings;
    private readonly SafeFd _epoll;
    private readonly SafeFd _wakeEvent;
    private readonly CommitMode _commitMode;
    private bool _disposed;

    /// <summary>Takes ownership of <paramref name="rings"/> (disposed here if the epoll set cannot be made).</summary>
    private protected RecordReader(IReadOnlyList<IRecordRing> rings, string name, CommitMode commitMode)
    {
        _commitMode = commitMode;
        try
        {
            _epoll = Epoll.Create(name);
            for (var i = 0; i < rings.Count; i++)
                Epoll.Add(_epoll, rings[i].EventFd, (ulong)i, rings[i].Name);
            _wakeEvent = EventFd.Create(name);
            Epoll.Add(_epoll, _wakeEvent, WakeTag, name);
        }
        catch
        {
            _wakeEvent?.Dispose();
            _epoll?.Dispose();
            foreach (var ring in rings)
                ring.Dispose();
            throw;
        }
        _rings = [.. rings];
        _pull = new RecordCursor(_rings);
    }

    /// <summary>Bytes not consumed yet over all rings (records still being written included).</summary>
    public long PendingBytes
    {
        get
        {
            ulong total = 0;
            foreach (var ring in _rings)
                total += ring.Pending();
            return (long)total;
        }
    }

    /// <summary>The rings, in epoll tag order.</summary>
    private protected IReadOnlyList<IRecordRing> Rings => _rings;

    /// <summary>
    /// Makes a Poll or an async wait blocked on another thread (or the next one) return promptly. Thread-safe; the
    /// one member that may be called concurrently with the others.
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

    /// <summary>
    /// Drains the rings at once if records are waiting (no system call). Otherwise waits up to
    /// <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> waits forever) for a ring to signal data, then
    /// drains the rings that signalled (all of them after a timeout, a <see cref="Wake"/> or cancellation, which costs
    /// two loads per ring and would catch a record whose wake-up was lost). Right after records flowed, the first
    /// <see cref="StreamingWait"/> of the wait ends in a look at the rings whether or not a wake-up came. Returns the
    /// records handed to <paramref name="handler"/>; 0 when nothing came, when cancelled, and when a signal interrupted
    /// the wait (EINTR is neither an error nor a request to stop: the caller decides that).
    /// </summary>
    public int Poll<THandler>(TimeSpan timeout, ref THandler handler, CancellationToken cancellationToken = default)
        where THandler : IRingRecordHandler, allows ref struct
    {
        if (cancellationToken.IsCancellationRequested)
            return 0;
        ValidateTimeout(timeout);
        // Records already there need no system call: epoll would only report them.
        var ready = Consume(ref handler);
        if (ready > 0)
        {
            _streaming = true;
            return ready;
        }
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static state => ((RecordReader)state!).Wake(), this)
            : default;
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        // An infinite StreamingWait turns the short wait off (it is not "shorter than any timeout").
        if (_streaming && _streamingWait != Timeout.InfiniteTimeSpan && (infinite || _streamingWait < timeout))
        {
            // While records flow, sleep at most StreamingWait for the producer's wake-up, then look anyway.
            var count = WaitAndConsume(_streamingWait, ref handler, out var interrupted);
            _streaming = count > 0;
            if (_streaming || interrupted)
                return count;
            timeout = infinite ? timeout : timeout - _streamingWait;
        }
        var total = WaitAndConsume(timeout, ref handler, out _);
        _streaming = total > 0;
        return total;
    }

    /// <summary>
    /// Hands every record of every ring to <paramref name="handler"/> without waiting, stopping after
    /// <paramref name="maxRecords"/>; returns how many.
    /// </summary>
    public int Consume<THandler>(ref THandler handler, int maxRecords = int.MaxValue)
        where THandler : IRingRecordHandler, allows ref struct
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // What TryRead handed out is committed first, and the rings' own positions are current again.
        _pull.Commit();
        var count = 0;
        foreach (var ring in _rings)
        {
            if (count == maxRecords)
                break;
            count += ring.Consume(ref handler, maxRecords - count, _commitMode);
        }
        return count;
    }

    /// <summary>Unmaps every ring and closes the epoll set and the eventfd (after the async waiter, if any, has left).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the rings, the epoll set and the eventfd; a subclass adds what it set up.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing || _disposed)
            return;
        _disposed = true;
        StopWaiter();
        _epoll.Dispose();
        _wakeEvent.Dispose();
        foreach (var ring in _rings)
            ring.Dispose();
    }

    /// <summary>
    /// One epoll wait, then drains the rings that signalled, or every ring after a timeout or a wake-up.
    /// <paramref name="interrupted"/> tells a <see cref="Wake"/>, a cancellation or EINTR apart from a timeout.
    /// </summary>
    private int WaitAndConsume<THandler>(TimeSpan wait, ref THandler handler, out bool interrupted)
        where THandler : IRingRecordHandler, allows ref struct
    {
        Span<ulong> tags = stackalloc ulong[Math.Min(_rings.Length + 1, Epoll.MaxEvents)];
        var result = WaitForSignal(wait, tags, out interrupted);
        if (result < 0)
            return 0;
        // After a timeout, look anyway: two loads per ring, and it catches a record whose wake-up came late or never.
        if (result == 0 || interrupted)
            return Consume(ref handler);
        var count = 0;
        foreach (var tag in tags[..result])
            count += _rings[(int)tag].Consume(ref handler, int.MaxValue, _commitMode);
        return count;
    }

    /// <summary>
    /// One epoll wait: the number of signalled tags in <paramref name="tags"/> (a wake-up drained and left out), or -1
    /// when a signal interrupted it (EINTR). <paramref name="interrupted"/>: a <see cref="Wake"/> or EINTR came.
    /// </summary>
    private int WaitForSignal(TimeSpan wait, Span<ulong> tags, out bool interrupted)
    {
        var result = Epoll.Wait(_epoll, wait, tags);
        interrupted = result == -(int)Errno.EINTR;
        if (interrupted)
            return -1;
        if (result < 0)
            throw SyscallError.Create("epoll_wait", (Errno)(-result), _rings[0].Name);
        var index = tags[..result].IndexOf(WakeTag);
        interrupted = index >= 0;
        if (!interrupted)
            return result;
        EventFd.Drain(_wakeEvent);
        tags[index] = tags[result - 1];
        return result - 1;
    }

    private static void ValidateTimeout(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
    }
}
