using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace ManagedBpf.Tests.Tracer.Otlp;

/// <summary>
/// An OTLP/HTTP logs receiver on 127.0.0.1 (HttpListener): each POST to /v1/logs is decoded with the classes
/// generated from opentelemetry-proto (proto/), and its log records kept with their resource. It can be stopped
/// (a collector outage: connections are refused) and started again on the same port, and told to answer with an
/// error status first.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly ConcurrentQueue<(Resource Resource, LogRecord Record)> _records = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private HttpListener? _listener;
    private int _requests;

    public OtlpReceiver()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    /// <summary>The base endpoint, as --otlp takes it.</summary>
    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Requests answered 200.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Answers to give before 200s: a status and a Retry-After value (or null), one per request.</summary>
    public ConcurrentQueue<(int Status, string? RetryAfter)> Refusals { get; } = new();

    /// <summary>What was wrong with requests (content type, path, method), empty when all were right.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public IReadOnlyList<(Resource Resource, LogRecord Record)> Records => [.. _records];

    public void Start()
    {
        _listener = new HttpListener();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Serve(_listener);
    }

    /// <summary>The outage: the port closes and connections are refused.</summary>
    public void Stop()
    {
        _listener?.Close();
        _listener = null;
    }

    /// <summary>The records whose attribute process.pid is <paramref name="pid"/> and whose event is <paramref name="eventName"/>.</summary>
    public List<(Resource Resource, LogRecord Record)> For(string eventName, int pid) =>
        [.. Records.Where(r => r.Record.EventName == eventName && Attribute(r.Record.Attributes, "process.pid")?.IntValue == pid)];

    public static AnyValue? Attribute(IEnumerable<KeyValue> attributes, string key) => attributes.FirstOrDefault(a => a.Key == key)?.Value;

    /// <summary>Waits until <paramref name="done"/> holds for the records; false at timeout.</summary>
    public bool WaitFor(Func<IReadOnlyList<(Resource Resource, LogRecord Record)>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (done(Records))
                return true;
            Thread.Sleep(50);
        }
        return done(Records);
    }

    public void Dispose() => Stop();

    private async Task Serve(HttpListener listener)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Handle(context);
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var request = context.Request;
        using var response = context.Response;
        if (request.HttpMethod != "POST" || request.Url?.AbsolutePath != "/v1/logs" || request.ContentType != "application/x-protobuf")
            _problems.Enqueue($"{request.HttpMethod} {request.Url?.AbsolutePath} {request.ContentType}");
        using var body = new MemoryStream();
        using (var input = request.Headers["Content-Encoding"] == "gzip" ? new GZipStream(request.InputStream, CompressionMode.Decompress) : request.InputStream)
            input.CopyTo(body);
        if (Refusals.TryDequeue(out var refusal))
        {
            response.StatusCode = refusal.Status;
            if (refusal.RetryAfter is { } after)
                response.Headers["Retry-After"] = after;
            return;
        }
        var export = ExportLogsServiceRequest.Parser.ParseFrom(body.ToArray());
        foreach (var resourceLogs in export.ResourceLogs)
        {
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                if (scopeLogs.Scope?.Name != "proctracer")
                    _problems.Enqueue($"scope {scopeLogs.Scope?.Name}");
                foreach (var record in scopeLogs.LogRecords)
                    _records.Enqueue((resourceLogs.Resource, record));
            }
        }
        Interlocked.Increment(ref _requests);
        response.StatusCode = 200;
        response.ContentType = "application/x-protobuf";
        var answer = new ExportLogsServiceResponse().ToByteArray();
        response.OutputStream.Write(answer);
    }

    /// <summary>A port nothing listens on now (the kernel's pick for port 0).</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
