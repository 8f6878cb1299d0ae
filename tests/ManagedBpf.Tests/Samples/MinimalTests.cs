using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// samples/Minimal and samples/MinimalLegacy against libbpf-bootstrap's minimal.c and minimal_legacy.c: the event
/// is each write(2) of the sample itself (its dot on stderr every second), and what the C examples leave in
/// trace_pipe for it is their bpf_printk("BPF triggered from PID %d.\n", pid): the same line must come, with the
/// sample's pid and no other.
/// </summary>
public class MinimalTests
{
    [KernelTheory]
    [InlineData("minimal")]
    [InlineData("minimal_legacy")]
    public void EachWriteOfTheSampleItselfPrintsTheCExamplesLine(string name)
    {
        using var sample = SampleProcess.Start(name);

        var lines = sample.LinesFor(TimeSpan.FromSeconds(3));

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal($"BPF triggered from PID {sample.Id}.", l));
        SampleProcess.Stop(sample);
    }
}
