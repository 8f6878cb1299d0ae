using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProcTracer.Otlp;

/// <summary>What a collector answered: the HTTP status and its Retry-After, if any.</summary>
internal readonly record struct HttpAnswer(int Status, TimeSpan? RetryAfter);

/// <summary>
/// One HTTP/1.1 POST over a plain TCP socket, one connection per request (<c>Connection: close</c>: a batch goes out
/// at most a few times a second, and a connection that outlives a collector's restart is one more thing to get
/// wrong). HttpClient would do the same for 2.3 MiB more of the executable (docs/fleet.md has the figures), which
/// is why OTLP/HTTP here is http:// only: TLS is a local collector's job (or a sidecar's).
/// </summary>
internal static class HttpPost
{
    private const int MaxHead = 16 * 1024;

    /// <summary>Sends <paramref name="body"/>; a connection or protocol failure throws (IOException, SocketException).</summary>
    public static HttpAnswer Send(Uri url, string contentType, string? contentEncoding, IReadOnlyList<KeyValuePair<string, string>> headers,
        ReadOnlySpan<byte> body, TimeSpan timeout)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        using (var connect = new CancellationTokenSource(timeout))
        {
            try
            {
                socket.ConnectAsync(new DnsEndPoint(url.IdnHost, url.Port), connect.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                throw new IOException($"no connection to {url.Authority} within {timeout.TotalSeconds:0.#} s");
            }
        }
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\nContent-Length: {body.Length}\r\n")
            .Append(contentEncoding is null ? "" : $"Content-Encoding: {contentEncoding}\r\n")
            .Append(CultureInfo.InvariantCulture, $"User-Agent: {UserAgent}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        socket.Send(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        socket.Send(body);
        return ReadAnswer(socket);
    }

    public static string UserAgent { get; } = $"proctracer/{typeof(HttpPost).Assembly.GetName().Version?.ToString(3) ?? "0.0"}";

    /// <summary>The status line and headers; the body (an ExportLogsServiceResponse or an error text) is not needed.</summary>
    private static HttpAnswer ReadAnswer(Socket socket)
    {
        var buffer = new byte[MaxHead];
        var length = 0;
        int end;
        while ((end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (length == buffer.Length)
                throw new IOException("the collector's answer has a head longer than 16 KiB");
            var read = socket.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
                throw new IOException("the collector closed the connection before answering");
            length += read;
        }
        var lines = Encoding.ASCII.GetString(buffer, 0, end).Split("\r\n");
        var status = lines[0].Split(' ');
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            throw new IOException($"not an HTTP answer: {lines[0]}");
        TimeSpan? retryAfter = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Trim().Equals("Retry-After", StringComparison.OrdinalIgnoreCase))
                retryAfter = RetryAfter(line[(colon + 1)..].Trim());
        }
        return new HttpAnswer(code, retryAfter);
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
