using System.Net;
using System.Net.Sockets;
using System.Text;
using ManagedBpf.Tests.Tracer.Otlp;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>The --metrics listener against bad and slow clients and concurrent scrapes, while the tracer traces.</summary>
public class MetricsServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [KernelFact]
    public void BadSlowAndConcurrentClientsDoNotDisturbTracing()
    {
        using var workload = new Workload("ms");
        var port = OtlpReceiver.FreePort();
        using var tracer = TracerProcess.Start("--comm", workload.Name, "--metrics", $"127.0.0.1:{port}");
        // A client that connects and never speaks holds one connection, not the server.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Connect(IPAddress.Loopback, port);

        Assert.StartsWith("HTTP/1.1 400 ", Raw(port, "garbage\r\n\r\n"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 404 ", Raw(port, "GET /other HTTP/1.1\r\nHost: x\r\n\r\n"), StringComparison.Ordinal);
        var post = Raw(port, "POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 405 ", post, StringComparison.Ordinal);
        Assert.Contains("\r\nAllow: GET, HEAD\r\n", post, StringComparison.Ordinal);
        var head = Raw(port, "HEAD /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        Assert.StartsWith("HTTP/1.1 200 ", head, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nConnection: close\r\n", head, StringComparison.Ordinal);

        var scrapes = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(16).Select(_ => new MetricsScrape(port).Get()).ToList();
        Assert.All(scrapes, s => Assert.Equal(0, s.Value("proctracer_execs_total", ("comm", "other"))));

        var (pid, _) = workload.Run("exit 0");
        tracer.LinesUntil(l => TextRow.Is(l, "EXIT", pid), Timeout);
        var scrape = new MetricsScrape(port);
        Assert.True(scrape.WaitFor(m => m.Find("proctracer_execs_total", ("comm", workload.Name)) == 1, Timeout), scrape.Last);
    }

    /// <summary>A port something else listens on is one line and status 71 (EX_OSERR), before anything is traced.</summary>
    [KernelFact]
    public void ABusyPortIsOneLineAndStatus71()
    {
        using var busy = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        busy.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        busy.Listen();
        var address = $"127.0.0.1:{((IPEndPoint)busy.LocalEndPoint!).Port}";
        using var tracer = TracerProcess.Start(TracerCommand.Host, [.. TracerCommand.Prefix, "--metrics", address], waitForFirstLine: false);
        Assert.Equal(71, tracer.WaitForExit(Timeout));
        Assert.StartsWith($"proctracer: --metrics {address}: cannot listen there (", tracer.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", tracer.StandardError, StringComparison.Ordinal);
    }

    /// <summary>Sends a request as it is and reads the whole answer (the server closes the connection).</summary>
    private static string Raw(int port, string request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10_000 };
        socket.Connect(IPAddress.Loopback, port);
        socket.Send(Encoding.ASCII.GetBytes(request));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = socket.Receive(buffer)) > 0)
            answer.Write(buffer, 0, read);
        return Encoding.ASCII.GetString(answer.ToArray());
    }
}
