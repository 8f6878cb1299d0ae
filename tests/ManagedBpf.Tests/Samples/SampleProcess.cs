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
    /// <summary>The first line of the samples that run until Ctrl-C, printed once every program is attached.</summary>
    public const string Started = "Successfully started!";

    // How long a sample may take to start and to stop: seconds here, minutes under the VM matrix's emulated CPU (a
    // minute was too short there for .NET's start, the object's load and attach, check 62 found).
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>The path of <c>NAME.dll</c>.</summary>
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, name + ".dll");

    /// <summary>Starts <c>NAME.dll</c> with <paramref name="args"/> and waits for its <see cref="Started"/> line.</summary>
    public static TracerProcess Start(string name, params string[] args) =>
        StartUnlessRefused(name, null, args) ?? throw new InvalidOperationException("unreachable: no refusal was allowed");

    /// <summary>
    /// Starts the sample as <see cref="Start"/> does; or, when the kernel lacks <paramref name="support"/> (the
    /// kprobe and trampoline samples on this project's host), checks that the sample said so in one line and exited 1,
    /// and returns null.
    /// </summary>
    public static TracerProcess? StartUnlessRefused(string name, string? support, params string[] args)
    {
        var sample = TracerProcess.Start(TracerCommand.Host, ["exec", PathOf(name), .. args], waitForFirstLine: false);
        var started = sample.WaitForLine(l => l.StartsWith(Started, StringComparison.Ordinal), Patience);
        if (started is not null)
            return sample;
        using (sample)
        {
            var status = sample.WaitForExit(Patience);
            var refusal = sample.StandardError;
            Assert.True(support is not null, $"{name} did not start; stderr:\n{refusal}");
            Assert.Equal(1, status);
            Assert.DoesNotContain('\n', refusal);
            Assert.StartsWith($"{name}: ", refusal, StringComparison.Ordinal);
            Assert.Contains(support, refusal, StringComparison.Ordinal);
            Assert.EndsWith("is not supported by this kernel", refusal, StringComparison.Ordinal);
            return null;
        }
    }

    /// <summary>
    /// Ends the sample with SIGTERM, which it takes as Ctrl-C, and checks that it exited 0 and removed its tracefs
    /// instance. Not SIGINT: a test run started as a script's background job has SIGINT ignored, and .NET leaves it
    /// ignored in the samples (the CI-equivalent run started that way waited 5 minutes for two of them).
    /// </summary>
    public static void Stop(TracerProcess sample)
    {
        var pid = sample.Id;
        sample.Signal(TracerProcess.SIGTERM);
        Assert.Equal(0, sample.WaitForExit(Patience));
        Assert.Empty(Directory.GetDirectories(Path.Combine(Tracefs.Locate(), "instances"), $"mbpf_{pid}_*"));
    }

    /// <summary>The sample's lines until every one of <paramref name="expected"/> came (in any order, among others).</summary>
    public static void WaitForAll(TracerProcess sample, IEnumerable<string> expected, TimeSpan timeout)
    {
        var missing = new HashSet<string>(expected, StringComparer.Ordinal);
        sample.LinesUntil(l => missing.Remove(l) && missing.Count == 0, timeout);
    }
}
