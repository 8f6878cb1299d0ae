using ManagedBpf.Interop;
using ManagedBpf.Maps;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// Reads records from one or several BPF_MAP_TYPE_RINGBUF maps (5.8+) in place, through their mappings, waiting with
/// one epoll set over all of them. Records are handed over as spans into the ring (no copy), valid only during the
/// handler call. Positions are published per batch (<see cref="CommitMode.Batched"/>) unless asked otherwise.
/// Not thread-safe: one thread polls; only <see cref="Wake"/> and cancellation may come from elsewhere.
/// </summary>
public sealed partial class RingBufferReader : IDisposable
{
    // epoll data of the eventfd; a ring's is its index in _rings.
    private const ulong WakeTag = ulong.MaxValue;

    private readonly RingMapping[] _rings;
    private readonly SafeFd _epoll;
    private readonly SafeFd _wakeEvent;
    private readonly CommitMode _commitMode;

    /// <summary>Maps <paramref name="map"/>, which must be a ring buffer.</summary>
    public RingBufferReader(BpfMap map, CommitMode commitMode = CommitMode.Batched)
        : this([map ?? throw new ArgumentNullException(nameof(map))], commitMode)
    {
    }

    /// <summary>Maps every ring buffer of <paramref name="maps"/> (at least one), to be polled together.</summary>
    public RingBufferReader(IReadOnlyList<BpfMap> maps, CommitMode commitMode = CommitMode.Batched)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.Count == 0)
            throw new ArgumentException("no ring buffer map given", nameof(maps));
        _commitMode = commitMode;
        var rings = new List<RingMapping>(maps.Count);
        var name = maps[0].Name;
        try
        {
            foreach (var map in maps)
                rings.Add(new RingMapping(map));
            _epoll = Epoll.Create(name);
            for (var i = 0; i < maps.Count; i++)
                Epoll.Add(_epoll, maps[i].Fd, (ulong)i, maps[i].Name);
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

    /// <summary>
    /// Makes a Poll blocked on another thread (or the next one) return promptly. Thread-safe; the one member that may
    /// be called concurrently with Poll.
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
            ? cancellationToken.UnsafeRegister(static state => ((RingBufferReader)state!).Wake(), this)
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
    /// Hands every committed record of every ring to <paramref name="handler"/> without waiting, stopping after
    /// <paramref name="maxRecords"/>; returns how many.
    /// </summary>
    public int Consume<THandler>(ref THandler handler, int maxRecords = int.MaxValue)
        where THandler : IRingRecordHandler, allows ref struct
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRecords);
        var count = 0;
        foreach (var ring in _rings)
        {
            if (count == maxRecords)
                break;
            count += ring.Consume(ref handler, maxRecords - count, _commitMode);
        }
        return count;
    }

    /// <summary>
    /// One epoll wait, then drains the rings that signalled, or every ring after a timeout or a wake-up.
    /// <paramref name="interrupted"/> tells a <see cref="Wake"/>, a cancellation or EINTR apart from a timeout.
    /// </summary>
    private int WaitAndConsume<THandler>(TimeSpan wait, ref THandler handler, out bool interrupted)
        where THandler : IRingRecordHandler, allows ref struct
    {
        Span<ulong> tags = stackalloc ulong[Math.Min(_rings.Length + 1, Epoll.MaxEvents)];
        var result = Epoll.Wait(_epoll, wait, tags);
        interrupted = result == -(int)Errno.EINTR;
        if (interrupted)
            return 0;
        if (result < 0)
            throw SyscallError.Create("epoll_wait", (Errno)(-result), _rings[0].Name);
        var signalled = tags[..result];
        interrupted = signalled.Contains(WakeTag);
        if (interrupted)
            EventFd.Drain(_wakeEvent);
        // After a timeout, look anyway: two loads per ring, and it catches a record whose wake-up came late or never.
        if (result == 0 || interrupted)
            return Consume(ref handler);
        var count = 0;
        foreach (var tag in signalled)
            count += _rings[(int)tag].Consume(ref handler, int.MaxValue, _commitMode);
        return count;
    }

    /// <summary>Unmaps every ring and closes the epoll set and the eventfd.</summary>
    public void Dispose()
    {
        _epoll.Dispose();
        _wakeEvent.Dispose();
        foreach (var ring in _rings)
            ring.Dispose();
    }

    private static void ValidateTimeout(TimeSpan timeout)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
            ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
    }
}
