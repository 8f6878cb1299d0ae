using ManagedBpf.Tests.RingBuffer;
using ProcTracer;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

public class LostEventsReportTests
{
    [KernelFact]
    public void ReportsTheFinalCountWhenEventsWereLost()
    {
        using var map = LostEventCounterTests.CreateCounterMap(5);
        var output = new StringWriter();
        new LostEventsReport(new LostEventCounter(map), verbose: false, output).Final();
        Assert.Equal("proctracer: 5 events lost (ring buffer full)\n", output.ToString());
    }

    [KernelFact]
    public void StaysQuietWithoutLossesUnlessVerbose()
    {
        using var map = LostEventCounterTests.CreateCounterMap();
        var quiet = new StringWriter();
        var report = new LostEventsReport(new LostEventCounter(map), verbose: false, quiet);
        report.Tick();
        report.Final();
        Assert.Equal("", quiet.ToString());

        var verbose = new StringWriter();
        new LostEventsReport(new LostEventCounter(map), verbose: true, verbose).Final();
        Assert.Equal("proctracer: 0 events lost (ring buffer full)\n", verbose.ToString());
    }

    [KernelFact]
    public void VerboseReportsGrowthAtMostOnceASecond()
    {
        using var map = LostEventCounterTests.CreateCounterMap(2);
        var output = new StringWriter();
        var report = new LostEventsReport(new LostEventCounter(map), verbose: true, output);
        report.Tick();
        Assert.Equal("", output.ToString()); // less than a second in
        Thread.Sleep(1100);
        report.Tick();
        report.Tick();
        Assert.Equal("proctracer: 2 events lost so far (ring buffer full)\n", output.ToString());
    }
}
