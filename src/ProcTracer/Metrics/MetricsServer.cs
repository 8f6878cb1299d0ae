using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ProcTracer.Metrics;

/// <summary>
/// GET /metrics over HTTP/1.1 on a plain socket (ASP.NET would multiply the executable's size): one accept thread,
/// each connection answered on the thread pool with a read timeout, so a slow or concurrent scraper delays nobody
/// and the ring's thread never sees the network. Every answer closes its connection. What is not a GET or HEAD of
/// /metrics gets 404, 405 or 400, and a broken connection only ends itself.
/// </summary>
internal sealed class MetricsServer : IDisposable
{
    private const int MaxRequestHead = 8 * 1024;
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly Socket _listener;
    private readonly Func<string> _render;
    private readonly Thread _thread;
    private volatile bool _stopping;

    private MetricsServer(Socket listener, Func<string> render)
    {
        _listener = listener;
        _render = render;
        _thread = new Thread(Accept) { IsBackground = true, Name = "metrics server" };
    }

    /// <summary>Starts answering on a thread of its own; until then connections wait in the listen backlog.</summary>
    public void Serve() => _thread.Start();

    /// <summary>The address and port listened on (the port the kernel chose, for port 0).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Listens on <paramref name="endPoint"/> (answering once <see cref="Serve"/> is called); a bind failure
    /// throws <see cref="SocketException"/>.</summary>
    public static MetricsServer Listen(IPEndPoint endPoint, Func<string> render)
    {
        var listener = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // A restarted agent must not wait out TIME_WAIT of its previous scrapes' connections.
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(endPoint);
            listener.Listen(64);
            return new MetricsServer(listener, render);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>ADDR:PORT as --metrics takes it: an IPv4 address, [IPv6], or a bare :PORT for every address.</summary>
    public static bool TryParse(string text, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (text.StartsWith(':'))
            text = "0.0.0.0" + text;
        return IPEndPoint.TryParse(text, out var parsed) && parsed.Port != 0 && text.Contains(':') && (endPoint = parsed) is not null;
    }

    private void Accept()
    {
        while (!_stopping)
        {
            Socket connection;
            try
            {
                connection = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (_stopping)
                    return;
                continue;
            }
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Server.Answer(state.Connection), (Server: this, Connection: connection), preferLocal: false);
        }
    }

    private void Answer(Socket connection)
    {
        using (connection)
        {
            try
            {
                connection.ReceiveTimeout = connection.SendTimeout = (int)ReadTimeout.TotalMilliseconds;
                var (method, path) = ReadRequestLine(connection);
                var (status, contentType, body) = (method, path) switch
                {
                    (null, _) => ("400 Bad Request", "text/plain", "bad request\n"),
                    (_, not ("/metrics" or "/metrics/")) => ("404 Not Found", "text/plain", "not found: try /metrics\n"),
                    ("GET" or "HEAD", _) => ("200 OK", Exposition.ContentType, _render()),
                    _ => ("405 Method Not Allowed", "text/plain", "method not allowed\n"),
                };
                var payload = Encoding.UTF8.GetBytes(body);
                var head = $"HTTP/1.1 {status}\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n"
                    + (status.StartsWith("405", StringComparison.Ordinal) ? "Allow: GET, HEAD\r\n" : "") + "\r\n";
                connection.Send(Encoding.ASCII.GetBytes(head));
                if (method != "HEAD")
                    connection.Send(payload);
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The scraper went away, or never spoke within the timeout: that connection alone ends.
            }
        }
    }

    /// <summary>The method and path of the request line, after reading the whole request head (a scrape has no
    /// body); (null, null) when it is not HTTP/1.x or its head is too long.</summary>
    private static (string? Method, string? Path) ReadRequestLine(Socket connection)
    {
        var buffer = new byte[MaxRequestHead];
        var length = 0;
        while (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) < 0 && buffer.AsSpan(0, length).IndexOf("\n\n"u8) < 0)
        {
            if (length == buffer.Length)
                return (null, null);
            var read = connection.Receive(buffer, length, buffer.Length - length, SocketFlags.None);
            if (read == 0)
                return (null, null);
            length += read;
        }
        var line = Encoding.ASCII.GetString(buffer, 0, buffer.AsSpan(0, length).IndexOf((byte)'\n')).TrimEnd('\r').Split(' ');
        if (line.Length != 3 || !line[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !line[1].StartsWith('/'))
            return (null, null);
        var path = line[1];
        var query = path.IndexOf('?');
        return (line[0], query >= 0 ? path[..query] : path);
    }

    /// <summary>Stops accepting; connections being answered finish on their own.</summary>
    public void Dispose()
    {
        _stopping = true;
        // shutdown(2) wakes the thread blocked in accept(2); close alone does not on Linux.
        try
        {
            _listener.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        _listener.Dispose();
        if (_thread.ThreadState != ThreadState.Unstarted)
            _thread.Join();
    }
}
