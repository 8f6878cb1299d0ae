using System.Text;
using ProcTracer.Lifecycle;
using ProcTracer.Metrics;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>/metrics' text, parsed back by a strict reader of exposition format 0.0.4.</summary>
public class TracerMetricsTests
{
    [Fact]
    public void TheTextParsesBackWithEveryCount()
    {
        var metrics = new TracerMetrics(new TracerMetrics.Sources(() => 3, () => 4096, 256 * 1024, null, null), "1.2.3");
        for (var i = 0; i < 3; i++)
            Exec(metrics, "ls");
        Exec(metrics, "we\"ird\\na\nme");
        Exit(metrics, "ls", 0);
        Exit(metrics, "ls", 2 << 8);
        Exit(metrics, "ls", 9);

        var text = PrometheusText.Parse(metrics.Render());
        Assert.Equal(3, text.Value("proctracer_execs_total", ("comm", "ls")));
        Assert.Equal(1, text.Value("proctracer_execs_total", ("comm", "we\"ird\\na\nme")));
        Assert.Equal(0, text.Value("proctracer_execs_total", ("comm", "other")));
        Assert.Equal(3, text.Value("proctracer_exits_total", ("comm", "ls")));
        Assert.Equal(1, text.Value("proctracer_exit_codes_total", ("code", "0")));
        Assert.Equal(1, text.Value("proctracer_exit_codes_total", ("code", "2")));
        Assert.Equal(1, text.Value("proctracer_exit_signals_total", ("signal", "SIGKILL")));
        Assert.Equal(3, text.Value("proctracer_events_lost_total"));
        Assert.Equal(4096, text.Value("proctracer_ring_buffer_used_bytes"));
        Assert.Equal(262144, text.Value("proctracer_ring_buffer_size_bytes"));
        Assert.Equal(1, text.Value("proctracer_build_info", ("version", "1.2.3")));
        Assert.Equal("counter", text.Families["proctracer_execs_total"].Type);
        Assert.Equal("gauge", text.Families["proctracer_ring_buffer_used_bytes"].Type);
        Assert.Null(text.Find("proctracer_otlp_dropped_total", ("reason", "queue_full")));
    }

    /// <summary>Cardinality stays bounded: the commands past the first <see cref="TracerMetrics.MaxCommands"/> count as
    /// "other", and a command that has its series keeps it.</summary>
    [Fact]
    public void CommandsPastTheBoundCountAsOther()
    {
        var metrics = new TracerMetrics(new TracerMetrics.Sources(() => 0, () => 0, 4096, null, null), "1.2.3");
        for (var i = 0; i < TracerMetrics.MaxCommands + 10; i++)
            Exec(metrics, $"c{i}");
        Exec(metrics, "c0");

        var text = PrometheusText.Parse(metrics.Render());
        Assert.Equal(TracerMetrics.MaxCommands + 1, text.Samples.Count(s => s.Name == "proctracer_execs_total"));
        Assert.Equal(2, text.Value("proctracer_execs_total", ("comm", "c0")));
        Assert.Equal(10, text.Value("proctracer_execs_total", ("comm", "other")));
        Assert.Null(text.Find("proctracer_execs_total", ("comm", $"c{TracerMetrics.MaxCommands}")));
    }

    private static void Exec(TracerMetrics metrics, string comm)
    {
        var record = new ExecRecord();
        record.Header.Type = RecordType.Exec;
        SetComm(ref record.Header, comm);
        metrics.Exec(record, []);
    }

    private static void Exit(TracerMetrics metrics, string comm, uint status)
    {
        var record = new ExitRecord { Status = status };
        record.Header.Type = RecordType.Exit;
        SetComm(ref record.Header, comm);
        metrics.Exit(record);
    }

    private static void SetComm(ref RecordHeader header, string comm)
    {
        Span<byte> bytes = header.Comm;
        Encoding.UTF8.GetBytes(comm, bytes);
    }
}
