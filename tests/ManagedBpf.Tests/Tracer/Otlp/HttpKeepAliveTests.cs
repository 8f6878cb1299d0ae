using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Logs.V1;
using ProcTracer.Otlp;
using Xunit;

namespace ManagedBpf.Tests.Tracer.Otlp;

/// <summary>
/// The OTLP sender's persistent connection, seen from a collector that counts the connections it accepts
/// (<see cref="KeepAliveCollector"/>): batches share one, and a collector that closes it, saying so or not, costs
/// one new connection and no record.
/// </summary>
public class HttpKeepAliveTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Requests share one connection; <c>Connection: close</c> is honoured (the next request opens a new connection),
    /// and a connection the collector closed silently between requests is opened again without losing or repeating the
    /// request.
    /// </summary>
    [Theory]
    [InlineData(5, 1, new KeepAliveCollector.After[0])]
    [InlineData(6, 3, new[] { KeepAliveCollector.After.Keep, KeepAliveCollector.After.SayCloseAndClose, KeepAliveCollector.After.Keep, KeepAliveCollector.After.CloseSilently })]
    public void ConnectionsAreKeptUntilTheCollectorClosesThem(int requests, int connections, KeepAliveCollector.After[] script)
    {
        using var collector = new KeepAliveCollector();
        foreach (var after in script)
            collector.Then.Enqueue(after);
        using var http = new HttpPost(collector.Endpoint, Timeout);
        for (var i = 0; i < requests; i++)
            Assert.Equal(200, Post(http, $"r{i}").Status);
        Assert.Equal(requests, collector.Requests);
        Assert.Equal(requests, collector.Records);
        Assert.Equal(connections, collector.Connections);
        Assert.Equal(connections, http.Connections);
        Assert.Empty(collector.Problems);
    }

    /// <summary>The same through the exporter's thread: three batches (each sent after the queue went quiet), one
    /// connection, every record once; and the collector's silent close after the third request costs one more.</summary>
    [Fact]
    public void TheExportersBatchesShareOneConnection()
    {
        using var collector = new KeepAliveCollector();
        collector.Then.Enqueue(KeepAliveCollector.After.Keep);
        collector.Then.Enqueue(KeepAliveCollector.After.Keep);
        collector.Then.Enqueue(KeepAliveCollector.After.CloseSilently);
        var queue = new OtlpQueue(64);
        var reports = new List<string>();
        using (var exporter = new OtlpExporter(new OtlpSettings(collector.Endpoint, false, queue.Capacity, []),
            OtlpResource.Detect("1.0.0", _ => null), queue, line => { lock (reports) reports.Add(line); }, null))
        {
            exporter.Start();
            for (var batch = 1; batch <= 4; batch++)
            {
                for (var i = 0; i < 3; i++)
                    Assert.True(queue.TryAdd(new LogRecord { EventName = $"b{batch}.{i}" }.ToByteArray()));
                var deadline = DateTime.UtcNow + Timeout;
                while (collector.Records < batch * 3 && DateTime.UtcNow < deadline)
                    Thread.Sleep(20);
                Assert.Equal(batch * 3, collector.Records);
            }
            Assert.Equal(2, exporter.Connections);
        }
        // Four batches are four requests unless this thread was off CPU for more than the exporter's 200 ms batch delay
        // between two of a batch's three records (a loaded machine); then a batch takes two. Either way the silent close
        // comes after the third request and the fourth batch needs the second connection.
        Assert.InRange(collector.Requests, 4, 12);
        Assert.Equal(2, collector.Connections);
        Assert.Equal(12, queue.Sent);
        Assert.Empty(reports);
        Assert.Empty(collector.Problems);
    }

    private static HttpAnswer Post(HttpPost http, string name)
    {
        var body = new ExportLogsServiceRequest
        {
            ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { new LogRecord { EventName = name } } } } } },
        }.ToByteArray();
        return http.Send("application/x-protobuf", null, [], body);
    }
}
