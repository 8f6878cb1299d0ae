using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// samples/Minimal and samples/MinimalLegacy against libbpf-bootstrap's minimal.c and minimal_legacy.c: the event
/// is each write(2) of the sample itself (its dot on stderr every second), and what the C examples leave in
/// trace_pipe for it is their bpf_printk("BPF triggered from PID %d.\n", pid): the same line must come, with the
/// sample's pid. (Every bpf_printk of the machine reaches the sample, as it reaches trace_pipe: the other samples'
/// lines may come too, and are not looked at.)
/// </summary>
public class MinimalTests
{
    [KernelTheory]
    [InlineData("minimal")]
    [InlineData("minimal_legacy")]
    public void EachWriteOfTheSampleItselfPrintsTheCExamplesLine(string name)
    {
        using var sample = SampleProcess.Start(name);

        // Its dot every second is a write: the line comes without the test doing anything.
        SampleProcess.WaitForAll(sample, [$"BPF triggered from PID {sample.Id}."], TimeSpan.FromSeconds(30));
        SampleProcess.Stop(sample);
    }
}
