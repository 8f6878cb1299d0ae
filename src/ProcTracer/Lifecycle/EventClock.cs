using ManagedBpf.Kernel;

namespace ProcTracer.Lifecycle;

/// <summary>Which time a row or record carries: when the event happened (the kernel's), or when it is printed.</summary>
internal enum TimestampSource
{
    Event,
    Print,
}

/// <summary>
/// Turns the kernel's boot-clock times (bpf_ktime_get_boot_ns, start_boottime) into nanoseconds since the Unix
/// epoch. The offset between the two clocks moves when the wall clock is set or slewed, so it is taken again once a
/// second.
/// </summary>
internal sealed class EventClock(TimestampSource source)
{
    private static readonly long RefreshTicks = TimeSpan.TicksPerSecond;

    private long _offset = BootClock.UnixEpochOffset();
    private long _refreshAt = Environment.TickCount64 * TimeSpan.TicksPerMillisecond + RefreshTicks;

    public TimestampSource Source => source;

    /// <summary>A boot-clock time as nanoseconds since the Unix epoch.</summary>
    public long ToUnix(ulong bootNanoseconds)
    {
        var now = Environment.TickCount64 * TimeSpan.TicksPerMillisecond;
        if (now >= _refreshAt)
        {
            _refreshAt = now + RefreshTicks;
            _offset = BootClock.UnixEpochOffset();
        }
        return BootClock.ToUnixTimeNanoseconds(bootNanoseconds, _offset);
    }

    /// <summary>The time a record about an event at <paramref name="eventBootNanoseconds"/> carries.</summary>
    public long RecordTime(ulong eventBootNanoseconds) =>
        source == TimestampSource.Event ? ToUnix(eventBootNanoseconds) : (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
