using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ProcTracer.Otlp;

/// <summary>
/// Reads one HTTP/1.1 answer off a connection: the status line and headers, then the body to its end (not kept: an
/// ExportLogsServiceResponse or an error text), so that the connection is ready for the next request. The body's
/// end is its Content-Length or its last chunk (RFC 9112 §6.3, §7.1); an answer that ends only when the connection
/// does, or says <c>Connection: close</c>, or is HTTP/1.0 without keep-alive, leaves the connection unusable.
/// </summary>
internal sealed class HttpAnswerReader
{
    private const int MaxHead = 16 * 1024;

    private readonly byte[] _buffer = new byte[MaxHead];
    private Socket? _socket;
    private int _start;
    private int _length;

    /// <summary>Whether any byte of the answer to the request since <see cref="Expect"/> came (a request that got
    /// none, failing as it went out or before its answer, can be sent again).</summary>
    public bool Answered { get; private set; }

    /// <summary>Called before a request goes out on <paramref name="socket"/>: its answer is to be read there.</summary>
    public void Expect(Socket socket)
    {
        _socket = socket;
        _start = _length = 0;
        Answered = false;
    }

    /// <summary>The answer, and whether the connection may carry another request.</summary>
    public (HttpAnswer Answer, bool KeepAlive) Read()
    {
        var lines = Head();
        var status = lines[0].Split(' ');
        if (status.Length < 2 || !status[0].StartsWith("HTTP/1.", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            throw new IOException($"not an HTTP answer: {lines[0]}");
        TimeSpan? retryAfter = null;
        long? contentLength = null;
        var chunked = false;
        // HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 only when told (RFC 9112 §9.3).
        var keepAlive = status[0] == "HTTP/1.1";
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
                continue;
            var name = line.AsSpan(0, colon).Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Retry-After", StringComparison.OrdinalIgnoreCase))
                retryAfter = HttpPost.RetryAfter(value);
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                contentLength = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new IOException($"a bad Content-Length: {value}");
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                chunked = value.EndsWith("chunked", StringComparison.OrdinalIgnoreCase);
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                keepAlive = HasToken(value, "keep-alive") || (keepAlive && !HasToken(value, "close"));
        }
        // 1xx, 204 and 304 have no body whatever the headers say (RFC 9112 §6.3, rule 1).
        if (code is < 200 or 204 or 304)
            return (new HttpAnswer(code, retryAfter), keepAlive && _length == _start);
        if (chunked)
            SkipChunks();
        else if (contentLength is { } length)
            Skip(length);
        else
            keepAlive = false;
        return (new HttpAnswer(code, retryAfter), keepAlive && _length == _start);
    }

    private string[] Head()
    {
        int end;
        while ((end = _buffer.AsSpan(0, _length).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (_length == _buffer.Length)
                throw new IOException("the collector's answer has a head longer than 16 KiB");
            Fill();
        }
        _start = end + 4;
        return Encoding.ASCII.GetString(_buffer, 0, end).Split("\r\n");
    }

    /// <summary>Each chunk is its size in hex (and extensions), CRLF, the data, CRLF; the last has size 0, then
    /// trailer lines and an empty line.</summary>
    private void SkipChunks()
    {
        while (true)
        {
            var line = Line();
            var size = line.AsSpan(0, line.IndexOf(';') is var semicolon and >= 0 ? semicolon : line.Length).Trim();
            if (!long.TryParse(size, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var length) || length < 0)
                throw new IOException($"a bad chunk size: {line}");
            if (length == 0)
                break;
            Skip(length);
            if (Line().Length != 0)
                throw new IOException("a chunk does not end with CRLF");
        }
        while (Line().Length != 0)
        {
        }
    }

    private string Line()
    {
        int end;
        while ((end = _buffer.AsSpan(_start, _length - _start).IndexOf("\r\n"u8)) < 0)
        {
            if (_start == 0 && _length == _buffer.Length)
                throw new IOException("a line of the collector's answer is longer than 16 KiB");
            Fill();
        }
        var line = Encoding.ASCII.GetString(_buffer, _start, end);
        _start += end + 2;
        return line;
    }

    private void Skip(long count)
    {
        while (true)
        {
            var held = Math.Min(count, _length - _start);
            _start += (int)held;
            count -= held;
            if (count == 0)
                return;
            Fill();
        }
    }

    /// <summary>Reads more of the answer, first moving what is unread to the buffer's start.</summary>
    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _length - _start).CopyTo(_buffer);
            _length -= _start;
            _start = 0;
        }
        var read = _socket!.Receive(_buffer, _length, _buffer.Length - _length, SocketFlags.None);
        if (read == 0)
            throw new IOException(Answered ? "the collector closed the connection in the middle of its answer" : "the collector closed the connection before answering");
        Answered = true;
        _length += read;
    }

    private static bool HasToken(string value, string token) =>
        value.Split(',').Any(t => t.Trim().Equals(token, StringComparison.OrdinalIgnoreCase));
}
