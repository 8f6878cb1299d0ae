namespace ProcTracer;

/// <summary>
/// Reports the events the BPF side could not reserve in the ring buffer (bpf/lost_events.h): on stderr at exit when
/// any were lost (always with -v), and with -v also while running, at most once a second and only when the count grew.
/// With <paramref name="inStream"/> (JSON output) every growth is also handed over, at most once a second and at
/// the end, to become a record of the stream itself.
/// </summary>
internal sealed class LostEventsReport(LostEventCounter counter, bool verbose, TextWriter output, Action<ulong, ulong>? inStream = null)
{
    private static readonly long Interval = TimeSpan.FromSeconds(1).Ticks;

    private ulong _reported;
    private ulong _streamed;
    private long _nextCheck = DateTime.UtcNow.Ticks + Interval;

    /// <summary>Called after every poll; cheap unless a second has passed and someone is told of growth.</summary>
    public void Tick()
    {
        if ((!verbose && inStream is null) || DateTime.UtcNow.Ticks < _nextCheck)
            return;
        _nextCheck = DateTime.UtcNow.Ticks + Interval;
        var lost = counter.Read();
        Stream(lost);
        if (!verbose || lost == _reported)
            return;
        output.WriteLine($"{CommandLine.ProgramName}: {lost} events lost so far (ring buffer full)");
        _reported = lost;
    }

    /// <summary>The count at exit.</summary>
    public void Final()
    {
        var lost = counter.Read();
        Stream(lost);
        if (lost != 0 || verbose)
            output.WriteLine($"{CommandLine.ProgramName}: {lost} events lost (ring buffer full)");
    }

    private void Stream(ulong lost)
    {
        if (inStream is null || lost == _streamed)
            return;
        inStream(lost - _streamed, lost);
        _streamed = lost;
    }
}
