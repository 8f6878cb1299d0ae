using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// samples/Kprobe, Ksyscall, Fentry and Lsm against libbpf-bootstrap's kprobe.c, ksyscall.c, fentry.c and lsm.c. They
/// need kprobes or BPF trampolines, which this project's host kernel lacks: there each sample must refuse in one line
/// naming the missing support (and the test checks that line); the VM matrix (tests/vm/checks/62-samples.sh) runs them
/// on kernels that have both, where the events are made and the C examples' lines expected.
/// </summary>
public class KernelProbeSampleTests
{
    private const string Kprobes = "kprobes (CONFIG_KPROBES";
    private const string Trampolines = "BPF trampolines";
    private const string KprobePmu = "/sys/bus/event_source/devices/kprobe";

    // A refusal passes only where it is true: for kprobes, the kernel must indeed lack the kprobe PMU.
    private static TracerProcess? Start(string name, string support)
    {
        var sample = SampleProcess.StartUnlessRefused(name, support);
        Assert.False(sample is null && support == Kprobes && Directory.Exists(KprobePmu), $"{name} refused kprobes on a kernel with {KprobePmu}");
        return sample;
    }

    [KernelTheory]
    [InlineData("kprobe", Kprobes, "KPROBE ENTRY pid = {0}, filename = {1}", "KPROBE EXIT: pid = {0}, ret = 0")]
    [InlineData("fentry", Trampolines, "fentry: pid = {0}, filename = {1}", "fexit: pid = {0}, filename = {1}, ret = 0")]
    public void AnUnlinkPrintsTheCExamplesEntryAndExitLines(string name, string support, string entry, string exit)
    {
        using var sample = Start(name, support);
        if (sample is null)
            return;
        var path = Path.Combine(Path.GetTempPath(), $"mbpf_unlink_{Environment.ProcessId}_{Guid.NewGuid():N}");
        File.WriteAllBytes(path, []);

        // unlink(2) from this process: do_unlinkat with the path as given.
        File.Delete(path);

        SampleProcess.WaitForAll(sample, [string.Format(entry, Environment.ProcessId, path), string.Format(exit, Environment.ProcessId, path)],
            TimeSpan.FromMinutes(2));
        SampleProcess.Stop(sample);
    }

    [KernelFact]
    public void AKillPrintsTheCExamplesLineWithTheCallerAndTheTarget()
    {
        using var sample = Start("ksyscall", Kprobes);
        if (sample is null)
            return;
        using var workload = new Workload();

        // A uniquely named shell sends SIGTERM (15) to a child of its own, and says which; kill -0 checks, and is not printed.
        var (pid, _) = workload.Start(["-c", "sleep 30 & kill -0 $!; kill -TERM $!; echo $!"], out var child);

        SampleProcess.WaitForAll(sample, [$"KILL syscall called by PID {pid} ({workload.Name}) for PID {child.Trim()} with signal 15."],
            TimeSpan.FromMinutes(2));
        SampleProcess.Stop(sample);
    }

    [KernelFact]
    public void WhileAttachedEveryBpfCallIsRefusedAndPrinted()
    {
        using var sample = Start("lsm", Trampolines);
        if (sample is null)
            return;

        // Any bpf(2) command: the hook refuses it with EPERM whatever the caller's capabilities.
        var refused = Assert.ThrowsAny<BpfException>(() => BpfObject.Load(TestObjects.ParseFile(Path.Combine(Repository.Root, "bpf", "samples", "minimal_legacy.bpf.o"))));

        Assert.Contains("EPERM", refused.ToString(), StringComparison.Ordinal);
        SampleProcess.WaitForAll(sample, ["LSM: block bpf() worked"], TimeSpan.FromMinutes(2));
        SampleProcess.Stop(sample);
    }
}
