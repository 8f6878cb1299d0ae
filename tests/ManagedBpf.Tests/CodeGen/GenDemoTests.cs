using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>
/// samples/GenDemo, the README's program on generated code, built by its BpfObject item: it loads the embedded
/// object through the generated class, sets min_duration_ns through the typed .rodata, attaches, and reads
/// struct event records through the generated struct. Run for real: a uniquely named process's exec and exit
/// must come out with its pid, comm, filename and exit code.
/// </summary>
public class GenDemoTests
{
    private static readonly string Demo = Path.Combine(AppContext.BaseDirectory, "gendemo.dll");

    [KernelFact]
    public void TheDemoTracesAnExecAndItsExitThroughTheGeneratedStruct()
    {
        using var workload = new Workload();
        using var demo = TracerProcess.Start(TracerCommand.Host, ["exec", Demo]);

        var (pid, _) = workload.Run("exit 3");

        var exec = demo.WaitForLine(l => l.Contains($" EXEC  {workload.Name}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var exit = demo.WaitForLine(l => l.Contains($" EXIT  {workload.Name}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.NotNull(exec);
        Assert.NotNull(exit);
        Assert.Matches($@"^\d\d:\d\d:\d\d EXEC  {workload.Name} +{pid} +{Environment.ProcessId} +{workload.Path}$", exec);
        Assert.Matches($@"^\d\d:\d\d:\d\d EXIT  {workload.Name} +{pid} +{Environment.ProcessId} +\[3\] \(\d+ms\)$", exit);
        // SIGTERM, not SIGINT: a test run started as a script's background job has SIGINT ignored, and so has the demo.
        demo.Signal(TracerProcess.SIGTERM);
        Assert.Equal(0, demo.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [KernelFact]
    public void TheDemoPassesItsMinimumDurationThroughTheTypedRodata()
    {
        using var workload = new Workload();
        using var demo = TracerProcess.Start(TracerCommand.Host, ["exec", Demo, "1000"]);

        var (shortPid, _) = workload.Run("exit 0");
        var (pid, _) = workload.Run("sleep 1.5; exit 0");

        // Exits only, and only of processes that lived 1 s or more (a margin a loaded machine's `exit 0` stays under):
        // the first run is not reported.
        var lines = demo.LinesUntil(l => l.Contains($" EXIT  {workload.Name}", StringComparison.Ordinal) && l.Contains($" {pid} ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains(lines, l => l.Contains($" EXIT  {workload.Name}", StringComparison.Ordinal) && l.Contains($" {pid} ", StringComparison.Ordinal));
        lines.AddRange(demo.LinesFor(TimeSpan.FromSeconds(1)));
        Assert.DoesNotContain(lines, l => l.Contains($" {shortPid} ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains($" EXEC  {workload.Name}", StringComparison.Ordinal));
        // SIGTERM, not SIGINT: a test run started as a script's background job has SIGINT ignored, and so has the demo.
        demo.Signal(TracerProcess.SIGTERM);
        Assert.Equal(0, demo.WaitForExit(TimeSpan.FromSeconds(30)));
    }
}
