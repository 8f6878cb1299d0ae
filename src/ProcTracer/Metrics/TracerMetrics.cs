using System.Text;
using ProcTracer.Lifecycle;
using ProcTracer.Otlp;
using ProcTracer.Text;

namespace ProcTracer.Metrics;

/// <summary>
/// What /metrics shows: counters kept from the lifecycle records on the ring's thread (a lock each, uncontended
/// but for a scrape), and gauges read when scraped (the kernel's lost count, the ring's fill, the OTLP queue).
/// Execs and exits are counted by command with bounded cardinality: the first <see cref="MaxCommands"/> commands seen
/// keep their own series for good, every later one counts as comm="other". A counter must never go down, so a
/// series once shown is never folded back, which rules out a top N recomputed at each scrape.
/// </summary>
internal sealed class TracerMetrics : IRecordWriter
{
    /// <summary>Commands with their own series (Prometheus's guidance: keep a label's values in the tens, not more).</summary>
    public const int MaxCommands = 50;

    public const string Other = "other";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Counts> _commands = [];
    private readonly Counts _other = new();
    private readonly long[] _exitCodes = new long[256];
    private readonly long[] _signals = new long[65];
    private readonly Sources _sources;
    private readonly string _version;
    private long _execFailures;
    private long _threadExits;

    /// <param name="sources">What is read at scrape time.</param>
    /// <param name="version">The tracer's version, for proctracer_build_info.</param>
    public TracerMetrics(Sources sources, string version)
    {
        _sources = sources;
        _version = version;
    }

    /// <summary>Gauges and counters read when scraped.</summary>
    /// <param name="EventsLost">The kernel's count of events the full ring refused (bpf/lost_events.h).</param>
    /// <param name="RingUsedBytes">Bytes written to the ring and not yet consumed.</param>
    /// <param name="RingSizeBytes">The ring's size.</param>
    /// <param name="Queue">The OTLP queue, when exporting.</param>
    /// <param name="Exporter">The OTLP exporter, when exporting.</param>
    internal sealed record Sources(Func<ulong> EventsLost, Func<long> RingUsedBytes, long RingSizeBytes, OtlpQueue? Queue, OtlpExporter? Exporter);

    public void Start()
    {
    }

    public void Exec(in ExecRecord record, ReadOnlySpan<byte> strings)
    {
        var comm = Row.CString(record.Header.Comm);
        lock (_lock)
            Command(comm).Execs++;
    }

    public void Exit(in ExitRecord record)
    {
        var status = new ExitStatus(record.Status);
        var comm = Row.CString(record.Header.Comm);
        lock (_lock)
        {
            if (record.Header.Type == RecordType.ThreadExit)
            {
                _threadExits++;
                return;
            }
            Command(comm).Exits++;
            if (status.Signaled)
                _signals[Math.Min(status.Signal, _signals.Length - 1)]++;
            else
                _exitCodes[status.Code]++;
        }
    }

    public void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename)
    {
        lock (_lock)
            _execFailures++;
    }

    /// <summary>Read from the kernel's counter at scrape time instead.</summary>
    public void Lost(ulong count, ulong total)
    {
    }

    /// <summary>The exposition, consistent as of one moment for the counters.</summary>
    public string Render()
    {
        var text = new Exposition();
        lock (_lock)
        {
            text.Metric("proctracer_execs_total", "counter", $"Successful execs, by command (the first {MaxCommands} seen; then comm=\"other\").");
            foreach (var (comm, counts) in _commands)
                text.Sample("proctracer_execs_total", [("comm", comm)], counts.Execs);
            text.Sample("proctracer_execs_total", [("comm", Other)], _other.Execs);
            text.Metric("proctracer_exits_total", "counter", "Processes that ended (their last thread), by command.");
            foreach (var (comm, counts) in _commands)
                text.Sample("proctracer_exits_total", [("comm", comm)], counts.Exits);
            text.Sample("proctracer_exits_total", [("comm", Other)], _other.Exits);
            text.Metric("proctracer_exit_codes_total", "counter", "Processes that exited (not killed by a signal), by exit code.");
            for (var code = 0; code < _exitCodes.Length; code++)
            {
                if (_exitCodes[code] != 0 || code == 0)
                    text.Sample("proctracer_exit_codes_total", [("code", code.ToString(System.Globalization.CultureInfo.InvariantCulture))], _exitCodes[code]);
            }
            text.Metric("proctracer_exit_signals_total", "counter", "Processes killed by a signal, by signal.");
            for (var signal = 1; signal < _signals.Length; signal++)
            {
                if (_signals[signal] != 0)
                    text.Sample("proctracer_exit_signals_total", [("signal", SignalNames.Name(signal))], _signals[signal]);
            }
            text.Metric("proctracer_exec_failures_total", "counter", "Failed execve/execveat calls (with -x).");
            text.Sample("proctracer_exec_failures_total", _execFailures);
            text.Metric("proctracer_thread_exits_total", "counter", "Threads that ended (with --threads).");
            text.Sample("proctracer_thread_exits_total", _threadExits);
        }
        text.Metric("proctracer_events_lost_total", "counter", "Events the kernel could not put in the full ring buffer.");
        text.Sample("proctracer_events_lost_total", _sources.EventsLost());
        text.Metric("proctracer_ring_buffer_used_bytes", "gauge", "Bytes in the ring buffer not yet read, when scraped.");
        text.Sample("proctracer_ring_buffer_used_bytes", _sources.RingUsedBytes());
        text.Metric("proctracer_ring_buffer_size_bytes", "gauge", "The ring buffer's size.");
        text.Sample("proctracer_ring_buffer_size_bytes", _sources.RingSizeBytes);
        if (_sources.Queue is { } queue)
            Otlp(text, queue, _sources.Exporter);
        text.Metric("proctracer_build_info", "gauge", "The tracer's version, always 1.");
        text.Sample("proctracer_build_info", [("version", _version)], 1);
        return text.ToString();
    }

    private static void Otlp(Exposition text, OtlpQueue queue, OtlpExporter? exporter)
    {
        text.Metric("proctracer_otlp_sent_total", "counter", "Log records the OTLP collector accepted.");
        text.Sample("proctracer_otlp_sent_total", queue.Sent);
        text.Metric("proctracer_otlp_dropped_total", "counter", "Log records dropped: queue full, refused by the collector, unsent at exit.");
        text.Sample("proctracer_otlp_dropped_total", [("reason", "queue_full")], queue.DroppedQueueFull);
        text.Sample("proctracer_otlp_dropped_total", [("reason", "refused")], queue.DroppedRefused);
        text.Sample("proctracer_otlp_dropped_total", [("reason", "shutdown")], queue.DroppedAtExit);
        text.Metric("proctracer_otlp_queue_records", "gauge", "Log records held (waiting or being sent).");
        text.Sample("proctracer_otlp_queue_records", queue.Held);
        text.Metric("proctracer_otlp_queue_capacity", "gauge", "The most log records the queue holds (--otlp-queue).");
        text.Sample("proctracer_otlp_queue_capacity", queue.Capacity);
        if (exporter is not null)
        {
            text.Metric("proctracer_otlp_failed_requests_total", "counter", "OTLP requests that failed or were refused (each retry counts).");
            text.Sample("proctracer_otlp_failed_requests_total", exporter.FailedAttempts);
        }
    }

    /// <summary>The command's counts, or "other"'s once <see cref="MaxCommands"/> commands have their own.</summary>
    private Counts Command(ReadOnlySpan<byte> comm)
    {
        var lookup = _commands.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> chars = stackalloc char[comm.Length];
        var name = chars[..Encoding.UTF8.GetChars(comm, chars)];
        if (lookup.TryGetValue(name, out var counts))
            return counts;
        if (_commands.Count >= MaxCommands)
            return _other;
        counts = new Counts();
        _commands.Add(name.ToString(), counts);
        return counts;
    }

    private sealed class Counts
    {
        public long Execs;
        public long Exits;
    }
}
