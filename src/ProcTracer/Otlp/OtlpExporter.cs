using System.IO.Compression;
using System.Net.Sockets;

namespace ProcTracer.Otlp;

/// <summary>
/// Sends the queued log records to the collector from its own thread, in batches (ExportLogsServiceRequest, one
/// ResourceLogs, one ScopeLogs), retrying what OTLP/HTTP says to retry (429, 502, 503 and 504, and failed
/// connections) with exponential back-off and jitter, or after the collector's Retry-After. Other answers are
/// final: the batch is dropped and counted as refused. While a batch waits for its retry, new records wait in the
/// queue (or are dropped there once it is full); when the tracer stops, what is held gets a few seconds to go out.
/// </summary>
internal sealed class OtlpExporter : IDisposable
{
    /// <summary>Records per request at most (the OpenTelemetry SDK's default max export batch size).</summary>
    public const int MaxBatch = 512;

    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(5);

    private readonly OtlpSettings _settings;
    private readonly OtlpResource _resource;
    private readonly OtlpQueue _queue;
    private readonly Action<string>? _log;
    private readonly Action<string> _report;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly ProtobufWriter _request = new(64 * 1024);
    private readonly MemoryStream _compressed = new();
    private readonly HttpPost _http;
    private long _failedAttempts;
    private bool _failing;

    /// <param name="settings">Where to send.</param>
    /// <param name="resource">The resource and scope of every request.</param>
    /// <param name="queue">What to send.</param>
    /// <param name="report">An outage's start and end, a refusal: one line each for stderr.</param>
    /// <param name="log">Every retry (-v).</param>
    public OtlpExporter(OtlpSettings settings, OtlpResource resource, OtlpQueue queue, Action<string> report, Action<string>? log)
    {
        _report = report;
        _settings = settings;
        _resource = resource;
        _queue = queue;
        _log = log;
        _http = new HttpPost(settings.Endpoint, RequestTimeout);
        _thread = new Thread(Run) { IsBackground = true, Name = "otlp exporter" };
    }

    /// <summary>Starts sending on a thread of its own; until then records wait in the queue.</summary>
    public void Start() => _thread.Start();

    /// <summary>Requests that failed or were answered with an error (each retry counts).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Connections opened to the collector: one while it keeps the connection, one more after each close.</summary>
    public int Connections => _http.Connections;

    private void Run()
    {
        var batch = new List<(byte[] Buffer, int Length)>(MaxBatch);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            _queue.Take(batch, MaxBatch, Timeout.InfiniteTimeSpan, token);
            if (batch.Count == 0)
                continue;
            // Let a burst gather into one request rather than send its first record alone.
            if (batch.Count < MaxBatch)
                token.WaitHandle.WaitOne(BatchDelay);
            _queue.TakeAll(batch, MaxBatch);
            SendWithRetry(batch, token, DateTime.MaxValue);
        }
        Drain(batch);
    }

    /// <summary>At exit: what is held goes out in the time left, and what cannot is counted as dropped.</summary>
    private void Drain(List<(byte[] Buffer, int Length)> batch)
    {
        var deadline = DateTime.UtcNow + ShutdownTimeout;
        do
        {
            _queue.TakeAll(batch, MaxBatch);
            if (batch.Count == 0)
                break;
            SendWithRetry(batch, CancellationToken.None, deadline);
        }
        while (DateTime.UtcNow < deadline);
        if (batch.Count > 0)
            _queue.Complete(batch, BatchOutcome.Unsent);
        _queue.Abandon();
    }

    /// <summary>Sends until the batch is accepted or refused, or until stopped or past the deadline (then it stays
    /// in <paramref name="batch"/>).</summary>
    private void SendWithRetry(List<(byte[] Buffer, int Length)> batch, CancellationToken stop, DateTime deadline)
    {
        var body = Encode(batch);
        var backoff = FirstBackoff;
        while (true)
        {
            TimeSpan? retryAfter = null;
            try
            {
                var answer = _http.Send("application/x-protobuf", _settings.Gzip ? "gzip" : null, _settings.Headers, body.Span);
                if (answer.Status is >= 200 and < 300)
                {
                    _queue.Complete(batch, BatchOutcome.Sent);
                    Recovered();
                    return;
                }
                Interlocked.Increment(ref _failedAttempts);
                if (answer.Status is not (429 or 502 or 503 or 504))
                {
                    _report($"the OTLP collector at {_settings.Endpoint} refused {batch.Count} log records: HTTP {answer.Status}");
                    _queue.Complete(batch, BatchOutcome.Refused);
                    return;
                }
                retryAfter = answer.RetryAfter;
                Failing($"answered HTTP {answer.Status}");
            }
            catch (Exception e) when (e is IOException or SocketException)
            {
                Interlocked.Increment(ref _failedAttempts);
                Failing(e.Message);
            }
            // Full jitter around the exponential step keeps a fleet's agents from retrying in step after an outage.
            var wait = retryAfter ?? backoff * (0.5 + Random.Shared.NextDouble() / 2);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            if (DateTime.UtcNow + wait >= deadline)
                return;
            if (stop.WaitHandle.WaitOne(wait))
                return;
        }
    }

    /// <summary>An outage's start on stderr, once (each retry with -v): an agent's log says when its collector went away.</summary>
    private void Failing(string why)
    {
        if (!_failing)
            _report($"OTLP collector at {_settings.Endpoint}: {why}; holding up to {_queue.Capacity} log records, retrying");
        else
            _log?.Invoke($"OTLP collector at {_settings.Endpoint}: {why}; retrying");
        _failing = true;
    }

    /// <summary>And its end.</summary>
    private void Recovered()
    {
        if (_failing)
            _report($"OTLP collector at {_settings.Endpoint} accepts log records again");
        _failing = false;
    }

    /// <summary>ExportLogsServiceRequest { resource_logs { resource, scope_logs { scope, log_records... } } }, gzipped if asked.</summary>
    private ReadOnlyMemory<byte> Encode(List<(byte[] Buffer, int Length)> batch)
    {
        _request.Reset();
        var resourceLogs = _request.Begin(OtlpFields.RequestResourceLogs);
        _request.Raw(_resource.Encoded);
        var scopeLogs = _request.Begin(OtlpFields.ResourceLogsScopeLogs);
        _request.Bytes(OtlpFields.ScopeLogsScope, _resource.Scope);
        foreach (var (buffer, length) in batch)
            _request.Bytes(OtlpFields.ScopeLogsLogRecords, buffer.AsSpan(0, length));
        _request.End(scopeLogs);
        _request.End(resourceLogs);
        if (!_settings.Gzip)
            return _request.WrittenMemory;
        _compressed.SetLength(0);
        using (var gzip = new GZipStream(_compressed, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(_request.Written);
        return _compressed.GetBuffer().AsMemory(0, (int)_compressed.Length);
    }

    /// <summary>Stops taking new batches and gives what is held <see cref="ShutdownTimeout"/> to go out.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        if (_thread.ThreadState != ThreadState.Unstarted)
            _thread.Join();
        _http.Dispose();
        _stop.Dispose();
        _compressed.Dispose();
    }
}
