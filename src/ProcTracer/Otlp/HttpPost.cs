using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProcTracer.Otlp;

/// <summary>What a collector answered: the HTTP status and its Retry-After, if any.</summary>
internal readonly record struct HttpAnswer(int Status, TimeSpan? RetryAfter);

/// <summary>
/// HTTP/1.1 POSTs to one collector over a plain TCP socket that stays open between requests (a persistent
/// connection, RFC 9112 §9.3): a batch goes out up to five times a second, and a connection per batch cost a
/// handshake, a TIME_WAIT socket and the collector's accept each time. The connection is dropped and opened again
/// when the collector answers <c>Connection: close</c>, when an answer has no length, after any failure, and when
/// the collector closed it while idle. HttpClient would do the same for 2.3 MiB more of the executable
/// (docs/fleet.md has the figures), which is why OTLP/HTTP here is http:// only: TLS is a local collector's job
/// (or a sidecar's). Not thread-safe: the exporter's thread alone sends.
/// </summary>
internal sealed class HttpPost(Uri url, TimeSpan timeout) : IDisposable
{
    private readonly HttpAnswerReader _reader = new();
    private Socket? _socket;
    private int _connections;

    /// <summary>Connections opened so far (the exporter's tally at exit); read from any thread.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public static string UserAgent { get; } = $"proctracer/{typeof(HttpPost).Assembly.GetName().Version?.ToString(3) ?? "0.0"}";

    /// <summary>Sends <paramref name="body"/>; a connection or protocol failure throws (IOException, SocketException)
    /// and closes the connection.</summary>
    public HttpAnswer Send(string contentType, string? contentEncoding, IReadOnlyList<KeyValuePair<string, string>> headers, ReadOnlySpan<byte> body)
    {
        var head = Head(contentType, contentEncoding, headers, body.Length);
        if (_socket is not null && !IdleAndOpen(_socket))
            Close();
        var reused = _socket is not null;
        try
        {
            return Exchange(_socket ??= Connect(), head, body);
        }
        catch (Exception e) when (reused && !_reader.Answered && e is IOException or SocketException)
        {
            // The collector closed the kept connection as the request went out (its idle timeout raced our check),
            // and nothing came back: once more on a new connection, as HttpClient's SocketsHttpHandler does for a
            // request that failed on a reused connection before any byte of the answer.
            Close();
            try
            {
                return Exchange(_socket = Connect(), head, body);
            }
            catch
            {
                Close();
                throw;
            }
        }
        catch
        {
            Close();
            throw;
        }
    }

    public void Dispose() => Close();

    private HttpAnswer Exchange(Socket socket, byte[] head, ReadOnlySpan<byte> body)
    {
        _reader.Expect(socket);
        socket.Send(head);
        socket.Send(body);
        var answer = _reader.Read();
        if (!answer.KeepAlive)
            Close();
        return answer.Answer;
    }

    private Socket Connect()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        using var connect = new CancellationTokenSource(timeout);
        try
        {
            socket.ConnectAsync(new DnsEndPoint(url.IdnHost, url.Port), connect.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            throw new IOException($"no connection to {url.Authority} within {timeout.TotalSeconds:0.#} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        Interlocked.Increment(ref _connections);
        return socket;
    }

    /// <summary>Whether a kept connection can carry the next request: nothing to read on it. Readable means the
    /// collector closed it (a read would return 0) or reset it, or sent bytes nobody asked for; either way it is done.</summary>
    private static bool IdleAndOpen(Socket socket) => !socket.Poll(0, SelectMode.SelectRead);

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private byte[] Head(string contentType, string? contentEncoding, IReadOnlyList<KeyValuePair<string, string>> headers, int length)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\nContent-Length: {length}\r\n")
            .Append(contentEncoding is null ? "" : $"Content-Encoding: {contentEncoding}\r\n")
            .Append(CultureInfo.InvariantCulture, $"User-Agent: {UserAgent}\r\n");
        foreach (var (name, value) in headers)
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        return Encoding.ASCII.GetBytes(head.Append("\r\n").ToString());
    }

    /// <summary>Retry-After as RFC 9110 §10.2.3 has it: a number of seconds, or an HTTP date.</summary>
    internal static TimeSpan? RetryAfter(string value)
    {
        if (uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return TimeSpan.FromSeconds(seconds);
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            return date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }
}
