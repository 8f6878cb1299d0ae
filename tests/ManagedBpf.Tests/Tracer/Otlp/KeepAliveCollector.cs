using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;

namespace ManagedBpf.Tests.Tracer.Otlp;

/// <summary>
/// An OTLP/HTTP collector on 127.0.0.1 written on a bare TcpListener, so that it sees what HttpListener hides: each
/// accepted connection (counted) and what the collector does to it after an answer. Every request's body is decoded
/// as an ExportLogsServiceRequest (opentelemetry-proto's classes); answers alternate between a Content-Length body
/// and a chunked one (the two ways a collector ends a body on a kept connection). <see cref="Then"/> says, per
/// request in arrival order, what follows the answer.
/// </summary>
public sealed class KeepAliveCollector : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentQueue<string> _problems = new();
    private int _connections;
    private int _requests;
    private int _records;

    public KeepAliveCollector()
    {
        _listener.Start();
        _ = Accept();
    }

    /// <summary>After an answer: keep the connection, say <c>Connection: close</c> and close it, or close it
    /// without a word (an idle timeout, a collector's restart).</summary>
    public enum After
    {
        Keep,
        SayCloseAndClose,
        CloseSilently,
    }

    /// <summary>What follows the answer to each request in turn; <see cref="After.Keep"/> once it is empty.</summary>
    public ConcurrentQueue<After> Then { get; } = new();

    public Uri Endpoint => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/logs");

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Log records in all requests.</summary>
    public int Records => Volatile.Read(ref _records);

    public IReadOnlyCollection<string> Problems => _problems;

    public void Dispose() => _listener.Stop();

    private async Task Accept()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => Serve(socket));
        }
    }

    private void Serve(Socket socket)
    {
        using var stream = new NetworkStream(socket, ownsSocket: true);
        try
        {
            while (ReadRequest(stream) is { } body)
            {
                var export = ExportLogsServiceRequest.Parser.ParseFrom(body);
                Interlocked.Add(ref _records, export.ResourceLogs.Sum(r => r.ScopeLogs.Sum(s => s.LogRecords.Count)));
                var number = Interlocked.Increment(ref _requests);
                var after = Then.TryDequeue(out var next) ? next : After.Keep;
                var answer = new ExportLogsServiceResponse { PartialSuccess = new ExportLogsPartialSuccess { ErrorMessage = "a body to read past" } }.ToByteArray();
                var head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\n");
                if (after == After.SayCloseAndClose)
                    head.Append("Connection: close\r\n");
                if (number % 2 == 0)
                {
                    head.Append(CultureInfo.InvariantCulture, $"Content-Length: {answer.Length}\r\n\r\n");
                    stream.Write(Encoding.ASCII.GetBytes(head.ToString()));
                    stream.Write(answer);
                }
                else
                {
                    // Two chunks with an extension and a trailer: all of RFC 9112 §7.1 a reader must get past.
                    head.Append("Transfer-Encoding: chunked\r\n\r\n");
                    stream.Write(Encoding.ASCII.GetBytes(head.ToString()));
                    stream.Write(Encoding.ASCII.GetBytes($"{3:x};note=1\r\n"));
                    stream.Write(answer.AsSpan(0, 3));
                    stream.Write(Encoding.ASCII.GetBytes($"\r\n{answer.Length - 3:X}\r\n"));
                    stream.Write(answer.AsSpan(3));
                    stream.Write("\r\n0\r\nX-Trailer: 1\r\n\r\n"u8);
                }
                if (after != After.Keep)
                    return;
            }
        }
        catch (Exception e) when (e is IOException or SocketException or InvalidProtocolBufferException)
        {
            _problems.Enqueue(e.Message);
        }
    }

    /// <summary>The next request's body, or null when the client closed the connection between requests.</summary>
    private byte[]? ReadRequest(NetworkStream stream)
    {
        var head = new List<byte>();
        while (head.Count < 4 || !head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()))
        {
            var b = stream.ReadByte();
            if (b < 0)
            {
                if (head.Count > 0)
                    _problems.Enqueue("the client closed the connection within a request");
                return null;
            }
            head.Add((byte)b);
        }
        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n");
        if (!lines[0].StartsWith("POST /v1/logs HTTP/1.1", StringComparison.Ordinal))
            _problems.Enqueue(lines[0]);
        if (lines.Any(l => l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)))
            _problems.Enqueue("the client asked for the connection to close");
        var length = lines.Select(l => l.Split(':', 2)).Where(p => p[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).Single();
        var body = new byte[length];
        stream.ReadExactly(body);
        return body;
    }
}
