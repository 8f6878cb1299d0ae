using ManagedBpf.Maps;
using ManagedBpf.RingBuffer;
using ProcTracer.Lifecycle;
using ProcTracer.Metrics;
using ProcTracer.Otlp;

namespace ProcTracer;

/// <summary>
/// The fleet agent's outputs beside stdout (docs/fleet.md): OTLP log records (--otlp) through a bounded queue and
/// the exporter's thread, and Prometheus's /metrics (--metrics) from its own listener. Disposing stops the listener,
/// gives the queue its last seconds, and writes the exporter's tally on stderr.
/// </summary>
internal sealed class Exporters : IDisposable
{
    private readonly OtlpQueue? _queue;
    private readonly OtlpExporter? _exporter;
    private readonly MetricsServer? _server;
    private readonly OtlpSettings? _settings;

    private Exporters(List<IRecordWriter> writers, OtlpSettings? settings, OtlpQueue? queue, OtlpExporter? exporter, MetricsServer? server)
    {
        Writers = writers;
        _settings = settings;
        _queue = queue;
        _exporter = exporter;
        _server = server;
    }

    /// <summary>The record writers to add to stdout's.</summary>
    public IReadOnlyList<IRecordWriter> Writers { get; }

    /// <summary>Whether records go somewhere that wants the lost counts as records of the stream.</summary>
    public bool StreamsLost => _queue is not null;

    public static Exporters Open(Options options, RecordContext context, RingBufferReader ring, BpfMap ringMap, BpfMap lostMap, Action<string>? log)
    {
        var version = CommandLine.VersionNumber;
        var writers = new List<IRecordWriter>();
        OtlpSettings? settings = null;
        OtlpQueue? queue = null;
        OtlpExporter? exporter = null;
        MetricsServer? server = null;
        try
        {
            if (options.Otlp is { } url)
            {
                settings = OtlpSettings.Resolve(url, options.OtlpGzip, options.OtlpQueue, Environment.GetEnvironmentVariable);
                queue = new OtlpQueue(settings.QueueCapacity);
                exporter = new OtlpExporter(settings, OtlpResource.Detect(version, Environment.GetEnvironmentVariable), queue,
                    line => Console.Error.WriteLine($"{CommandLine.ProgramName}: {line}"), log);
                writers.Add(new OtlpRecords(context, queue));
                log?.Invoke($"exporting log records to {settings}");
            }
            if (options.Metrics is { } address)
            {
                // Its own counter: the ring's thread reads the other one, and a read reuses the counter's buffer.
                var lost = new LostEventCounter(lostMap);
                var lostLock = new Lock();
                var metrics = new TracerMetrics(
                    new TracerMetrics.Sources(() => { lock (lostLock) return lost.Read(); }, () => ring.PendingBytes, ringMap.MaxEntries, queue, exporter),
                    version);
                writers.Add(metrics);
                MetricsServer.TryParse(address, out var endPoint);
                try
                {
                    server = MetricsServer.Listen(endPoint, metrics.Render);
                }
                catch (System.Net.Sockets.SocketException e)
                {
                    throw Messages.CannotListen(address, e);
                }
                log?.Invoke($"serving metrics at http://{server.EndPoint}/metrics");
            }
            return new Exporters(writers, settings, queue, exporter, server);
        }
        catch
        {
            exporter?.Dispose();
            server?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts the exporter's and the listener's threads. Called once the tracer has said it is attached: everything
    /// that can fail (the settings, the listening socket) was done by <see cref="Open"/>, before that line, and a
    /// thread start costs a millisecond or more on these guests, which the agent's start-up does not need to wait
    /// for (records wait in the queue, scrapes in the listen backlog).
    /// </summary>
    public void Run()
    {
        _exporter?.Start();
        _server?.Serve();
    }

    public void Dispose()
    {
        _server?.Dispose();
        if (_exporter is null || _queue is null)
            return;
        _exporter.Dispose();
        Console.Error.WriteLine($"{CommandLine.ProgramName}: OTLP: {_queue.Sent} log records sent to {_settings!.Endpoint}, {_queue.Dropped} dropped "
            + $"(queue full: {_queue.DroppedQueueFull}, refused: {_queue.DroppedRefused}, unsent at exit: {_queue.DroppedAtExit}; queue peak {_queue.Peak} of {_queue.Capacity}; "
            + $"{_exporter.Connections} connection{(_exporter.Connections == 1 ? "" : "s")})");
    }
}
