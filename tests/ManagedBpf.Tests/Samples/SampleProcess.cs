using ManagedBpf.Kernel;
using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// A sample of samples/ (built beside the tests through the test project's references) running as a child process,
/// its stdout read line by line.
/// </summary>
internal static class SampleProcess
{
    /// <summary>The first line of the samples that print bpf_printk output (samples/Shared/TracePipe.cs).</summary>
    public const string Started = "Successfully started!";

    /// <summary>Starts <c>NAME.dll</c> with <paramref name="args"/> and waits for its <see cref="Started"/> line, which
    /// it prints once every program is attached.</summary>
    public static TracerProcess Start(string name, params string[] args)
    {
        var sample = TracerProcess.Start(TracerCommand.Host, ["exec", Path.Combine(AppContext.BaseDirectory, name + ".dll"), .. args],
            waitForFirstLine: false);
        var started = sample.WaitForLine(l => l.StartsWith(Started, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.True(started is not null, $"{name} did not start; stderr:\n{sample.StandardError}");
        return sample;
    }

    /// <summary>Ends the sample as Ctrl-C does and checks that it exited 0 and removed its tracefs instance.</summary>
    public static void Stop(TracerProcess sample)
    {
        var pid = sample.Id;
        sample.Signal(TracerProcess.SIGINT);
        Assert.Equal(0, sample.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Tracefs.Locate(), "instances"), $"mbpf_{pid}_*"));
    }
}
