using System.Globalization;
using System.Text.Json;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using Xunit;

namespace ManagedBpf.Tests.Tracer.Otlp;

/// <summary>
/// --otlp for real: the tracer sends to <see cref="OtlpReceiver"/>, which decodes with opentelemetry-proto's
/// classes; the processes are the test's own (a uniquely named copy of sh, the tracer filtered to it with --comm).
/// </summary>
public class OtlpExportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Each exec and exit arrives once, as a log record whose attributes are exactly the --json record's
    /// fields (same names, same values) plus event.name, with the event's time and the agent's resource.</summary>
    [KernelFact]
    public void ExecsAndExitsArriveAsLogRecordsWithTheJsonFields()
    {
        using var receiver = new OtlpReceiver();
        using var workload = new Workload("ot");
        var service = "pt-" + Guid.NewGuid().ToString("N")[..8];
        var environment = new Dictionary<string, string>
        {
            ["OTEL_SERVICE_NAME"] = service,
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.name=overridden,deployment.environment.name=test,team=a%2Cb",
        };
        using var tracer = TracerProcess.Start(environment, "--json", "--comm", workload.Name, "--otlp", receiver.BaseUrl);
        var (pid, exitCode) = workload.Run("exit 3");
        Assert.Equal(3, exitCode);
        var (killed, killedCode) = workload.Run("kill -KILL $$");
        Assert.Equal(137, killedCode);

        var lines = tracer.LinesUntil(l => JsonRecord.Is(l, "exit", killed), Timeout);
        Assert.True(receiver.WaitFor(_ => receiver.For("process.exit", killed).Count > 0, Timeout), $"no exit record; stderr:\n{tracer.StandardError}");
        Assert.Empty(receiver.Problems);
        foreach (var (kind, id) in new[] { ("exec", pid), ("exit", pid), ("exec", killed), ("exit", killed) })
        {
            var arrived = receiver.For("process." + kind, id);
            Assert.True(arrived.Count == 1, $"{arrived.Count} process.{kind} records for {id}");
            SameFields(JsonRecord.Single(lines, kind, id), arrived[0].Record, "process." + kind);
        }

        var exec = receiver.For("process.exec", pid)[0].Record;
        Assert.Equal(workload.Path, Attribute(exec, "process.executable.path").StringValue);
        Assert.Equal(workload.Name, Attribute(exec, "process.executable.name").StringValue);
        Assert.Equal([workload.Path, "-c", "exit 3"], Attribute(exec, "process.command_args").ArrayValue.Values.Select(v => v.StringValue));
        Assert.Equal(Environment.ProcessId, Attribute(exec, "process.parent_pid").IntValue);
        Assert.Equal(0, Attribute(exec, "process.user.id").IntValue);
        Assert.Equal(3, Attribute(receiver.For("process.exit", pid)[0].Record, "process.exit.code").IntValue);
        var kill = receiver.For("process.exit", killed)[0].Record;
        Assert.Equal(137, Attribute(kill, "process.exit.code").IntValue);
        Assert.Equal("SIGKILL", Attribute(kill, "signal").StringValue);
        Assert.False(Attribute(kill, "core_dumped").BoolValue);

        var resource = receiver.For("process.exec", pid)[0].Resource.Attributes.ToDictionary(a => a.Key, a => a.Value.StringValue);
        Assert.Equal(Environment.MachineName, resource["host.name"]);
        Assert.Equal(File.ReadAllText("/etc/machine-id").Trim(), resource["host.id"]);
        Assert.Equal("linux", resource["os.type"]);
        Assert.Equal(service, resource["service.name"]);
        Assert.Equal(ProcTracer.CommandLine.VersionNumber, resource["service.version"]);
        Assert.Equal("test", resource["deployment.environment.name"]);
        Assert.Equal("a,b", resource["team"]);
    }

    /// <summary>The collector goes away while processes run and comes back: the queue held every record, and each
    /// arrives once (the requests gzipped, as OTEL_EXPORTER_OTLP_COMPRESSION asks).</summary>
    [KernelFact]
    public void NothingIsLostWhenTheOutageIsShorterThanTheQueue()
    {
        using var receiver = new OtlpReceiver();
        using var workload = new Workload("ot");
        using var tracer = TracerProcess.Start(new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_COMPRESSION"] = "gzip" },
            "--comm", workload.Name, "--otlp", receiver.BaseUrl, "--otlp-queue", "100");
        receiver.Stop();
        var pids = Enumerable.Range(0, 20).Select(_ => workload.Run("exit 0").Pid).ToList();
        // Long enough for the exporter to fail and back off at least once.
        Thread.Sleep(TimeSpan.FromSeconds(2));
        receiver.Start();

        Assert.True(receiver.WaitFor(_ => pids.All(p => receiver.For("process.exit", p).Count > 0), Timeout),
            $"{receiver.Records.Count} records after the outage; stderr:\n{tracer.StandardError}");
        foreach (var pid in pids)
        {
            Assert.Single(receiver.For("process.exec", pid));
            Assert.Single(receiver.For("process.exit", pid));
        }
        tracer.Signal(TracerProcess.SIGINT);
        Assert.Equal(0, tracer.WaitForExit(Timeout));
        Assert.Contains("OTLP: 40 log records sent", tracer.StandardError, StringComparison.Ordinal);
        Assert.Contains(" 0 dropped", tracer.StandardError, StringComparison.Ordinal);
        Assert.Contains("retrying", tracer.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("events lost", tracer.StandardError, StringComparison.Ordinal);
    }

    /// <summary>A queue of 5 through a longer outage: it never holds more than 5, the other records are dropped and
    /// counted (stderr and /metrics agree), the 5 held arrive once the collector is back, and the kernel lost none.</summary>
    [KernelFact]
    public void ATinyQueueDropsAndCountsWhatItCannotHold()
    {
        using var receiver = new OtlpReceiver();
        using var workload = new Workload("ot");
        var metricsPort = OtlpReceiver.FreePort();
        using var tracer = TracerProcess.Start("--comm", workload.Name, "--otlp", receiver.BaseUrl, "--otlp-queue", "5",
            "--metrics", $"127.0.0.1:{metricsPort}");
        receiver.Stop();
        var pids = Enumerable.Range(0, 20).Select(_ => workload.Run("exit 0").Pid).ToList();
        var scrape = new MetricsScrape(metricsPort);
        // 20 execs and 20 exits: 5 held, 35 dropped.
        Assert.True(scrape.WaitFor(m => m.Value("proctracer_otlp_dropped_total", ("reason", "queue_full")) == 35, Timeout), scrape.Last);
        Assert.Equal(5, scrape.Metrics.Value("proctracer_otlp_queue_records"));
        Assert.Equal(5, scrape.Metrics.Value("proctracer_otlp_queue_capacity"));
        Assert.Equal(0, scrape.Metrics.Value("proctracer_events_lost_total"));
        // The sender's first try may come after the drops: it waits for a batch or its flush interval.
        Assert.True(scrape.WaitFor(m => m.Value("proctracer_otlp_failed_requests_total") >= 1, Timeout), scrape.Last);

        receiver.Start();
        Assert.True(receiver.WaitFor(r => r.Count == 5, Timeout), $"{receiver.Records.Count} records after the outage");
        // The first five: the queue keeps what it has and drops what comes to it full.
        Assert.Equal(pids.Take(3).SelectMany(p => new[] { p, p }).Take(5).Order(),
            receiver.Records.Select(r => (int)Attribute(r.Record, "process.pid").IntValue).Order());
        tracer.Signal(TracerProcess.SIGINT);
        Assert.Equal(0, tracer.WaitForExit(Timeout));
        Assert.Contains("OTLP: 5 log records sent", tracer.StandardError, StringComparison.Ordinal);
        Assert.Contains("35 dropped (queue full: 35, refused: 0, unsent at exit: 0; queue peak 5 of 5; 1 connection)", tracer.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("events lost", tracer.StandardError, StringComparison.Ordinal);
    }

    /// <summary>503 and 429 with Retry-After are retried, after the wait the collector asked for.</summary>
    [KernelFact]
    public void ThrottledRequestsAreRetriedAfterRetryAfter()
    {
        using var receiver = new OtlpReceiver();
        receiver.Refusals.Enqueue((503, null));
        receiver.Refusals.Enqueue((429, "2"));
        using var workload = new Workload("ot");
        using var tracer = TracerProcess.Start("--comm", workload.Name, "--otlp", receiver.BaseUrl);
        var started = DateTime.UtcNow;
        var (pid, _) = workload.Run("exit 0");
        Assert.True(receiver.WaitFor(_ => receiver.For("process.exit", pid).Count > 0, Timeout), tracer.StandardError);
        Assert.Empty(receiver.Refusals);
        // At least half a second of back-off after the 503, then the 2 s the 429 asked for.
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2.5), $"{DateTime.UtcNow - started}");
        Assert.Single(receiver.For("process.exec", pid));
    }

    private static AnyValue Attribute(LogRecord record, string key) =>
        OtlpReceiver.Attribute(record.Attributes, key) ?? throw new Xunit.Sdk.XunitException($"no attribute {key} in {record}");

    /// <summary>The record carries exactly the JSON record's fields, with equal values, and the event's time.</summary>
    private static void SameFields(JsonElement json, LogRecord record, string eventName)
    {
        Assert.Equal(eventName, record.EventName);
        Assert.Equal(eventName, Attribute(record, "event.name").StringValue);
        Assert.Equal(SeverityNumber.Info, record.SeverityNumber);
        var expected = json.EnumerateObject().Where(p => p.Name is not ("time" or "event")).Select(p => p.Name).Append("event.name").Order();
        Assert.Equal(expected, record.Attributes.Select(a => a.Key).Order());
        foreach (var property in json.EnumerateObject().Where(p => p.Name is not ("time" or "event")))
        {
            var value = Attribute(record, property.Name);
            switch (property.Value.ValueKind)
            {
                case JsonValueKind.String:
                    Assert.Equal(property.Value.GetString(), value.StringValue);
                    break;
                case JsonValueKind.Number:
                    Assert.Equal(property.Value.GetInt64(), value.IntValue);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    Assert.Equal(property.Value.GetBoolean(), value.BoolValue);
                    break;
                default:
                    Assert.Equal(property.Value.EnumerateArray().Select(e => e.GetString()), value.ArrayValue.Values.Select(v => v.StringValue));
                    break;
            }
        }
        var time = DateTimeOffset.Parse(json.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
        var jsonNanos = (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100 + NanosecondDigits(json.GetProperty("time").GetString()!);
        // Both come from the same kernel time through the same clock offset, taken at most a second apart.
        Assert.InRange((long)record.TimeUnixNano - jsonNanos, -1_000_000, 1_000_000);
        Assert.True(record.ObservedTimeUnixNano >= record.TimeUnixNano);
    }

    /// <summary>The nanoseconds beyond the 100 ns ticks DateTimeOffset keeps.</summary>
    private static long NanosecondDigits(string rfc3339)
    {
        var fraction = rfc3339[(rfc3339.IndexOf('.', StringComparison.Ordinal) + 1)..rfc3339.IndexOf('Z', StringComparison.Ordinal)];
        return long.Parse(fraction.PadRight(9, '0')[7..9], CultureInfo.InvariantCulture);
    }
}
