using System.Diagnostics;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// deploy/proctracer.service: systemd accepts it (systemd-analyze verify, tests/prerequisites), and the capabilities
/// it grants are enough for the tracer to trace, as docs/fleet.md says (CAP_SYS_ADMIN only to mount tracefs).
/// </summary>
public class AgentDeploymentTests
{
    private static readonly string Unit = Path.Combine(Repository.Root, "deploy", "proctracer.service");
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void SystemdVerifiesTheUnit()
    {
        // verify insists that ExecStart's file exists: point it at the tracer built beside the tests.
        var directory = Directory.CreateTempSubdirectory("mbpf-unit-").FullName;
        try
        {
            var unit = Path.Combine(directory, "proctracer.service");
            File.WriteAllText(unit, File.ReadAllText(Unit).Replace("/usr/local/bin/proctracer", Path.Combine(AppContext.BaseDirectory, "proctracer"), StringComparison.Ordinal));
            var (exitCode, output) = Run("systemd-analyze", "verify", unit);
            Assert.True(exitCode == 0 && !output.Contains("proctracer.service", StringComparison.Ordinal), output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>With the unit's capabilities minus CAP_SYS_ADMIN (tracefs being mounted already), as root's uid:
    /// the tracer attaches and reports the test's exec; without CAP_PERFMON it refuses with status 77.</summary>
    [KernelFact]
    public void TheUnitsCapabilitiesAreEnough()
    {
        var granted = File.ReadLines(Unit).Single(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal))["CapabilityBoundingSet=".Length..].Split(' ');
        Assert.Equal(["CAP_BPF", "CAP_PERFMON", "CAP_SYS_ADMIN"], granted);
        using var workload = new Workload("cap");
        using (var tracer = TracerProcess.Start("setpriv", ["--bounding-set", "-all,+bpf,+perfmon", "--", Path.Combine(AppContext.BaseDirectory, "proctracer"),
                   "--comm", workload.Name, "--metrics", $"127.0.0.1:{Otlp.OtlpReceiver.FreePort()}"]))
        {
            var (pid, _) = workload.Run("exit 0");
            tracer.LinesUntil(l => TextRow.Is(l, "EXEC", pid), Timeout);
        }
        var (exitCode, output) = Run("setpriv", "--bounding-set", "-all,+bpf", "--", Path.Combine(AppContext.BaseDirectory, "proctracer"), "--comm", workload.Name);
        Assert.True(exitCode == 77, output);
        Assert.Contains("CAP_PERFMON", output, StringComparison.Ordinal);
    }

    private static (int ExitCode, string Output) Run(string command, params string[] args)
    {
        var info = new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
