using System.Diagnostics;
using System.Runtime.InteropServices;
using ManagedBpf.Tests.Links;
using Xunit;

namespace ManagedBpf.Tests.Mbpf;

/// <summary><c>mbpf run</c>, as a process: against libbpf on the same events, its output, and its end.</summary>
[Collection(AttachWorkloadCollection.Name)]
public partial class MbpfRunTests
{
    private static string Mbpf => Path.Combine(AppContext.BaseDirectory, "mbpf");

    [KernelFact]
    public void RunCountsWhatLibbpfCountsForTheSameEventsAndLeavesNothingAttached()
    {
        var run = ProcessRun.Of(TimeSpan.FromMinutes(4), "bash",
            Path.Combine(Repository.Root, "tests", "ManagedBpf.Tests", "Links", "attach-compare.sh"), Mbpf);
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
    }

    [KernelFact]
    public void SigintDetachesPrintsTheStateAndRemovesTheTracefsInstance()
    {
        using var mbpf = Process.Start(new ProcessStartInfo(Mbpf, ["run", AttachWorkload.ObjectPath, "--attach", $"on_tick={AttachWorkload.Executable}:mbpf_test:tick"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var errors = mbpf.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (mbpf.StandardOutput.ReadLine() is { } line && line != "running")
            lines.Add(line);
        AttachWorkload.Run();
        Thread.Sleep(300);
        Assert.Equal(0, kill(mbpf.Id, 2));
        var rest = mbpf.StandardOutput.ReadToEnd();
        Assert.True(mbpf.WaitForExit(30_000));

        Assert.True(mbpf.ExitCode == 0, errors.Result);
        Assert.Contains("attach on_tick: usdt ", string.Join('\n', lines));
        Assert.Contains("skip count_xdp: needs a network interface (xdp)", lines);
        Assert.Contains("iter each_task: pid 2 kthreadd", lines);
        Assert.Contains("ring ticks: 28 00 00 00 00 00 00 00", rest);
        Assert.Contains("printk: tick 4 value 40", rest);
        var state = rest[(rest.IndexOf("detached\n", StringComparison.Ordinal) + 9)..].Split('\n');
        Assert.Contains("usdt_calls = 5", state);
        Assert.Contains("usdt_arg_sum = 100", state);
        Assert.Contains("ticks_by_slot[0] = 2", state);
        Assert.Contains("ticks_by_slot[3] = 1", state);
        Assert.DoesNotContain(Directory.GetDirectories(Path.Combine(ManagedBpf.Kernel.Tracefs.Locate(), "instances")),
            d => Path.GetFileName(d).StartsWith($"mbpf_{mbpf.Id}_", StringComparison.Ordinal));
    }

    [KernelFact]
    public void AKindTheKernelLacksIsOneLineNamingIt()
    {
        if (ManagedBpf.Kernel.ProbeEvents.PmuType("kprobe") is not null || ManagedBpf.Kernel.ProbeEvents.HasEventsFile("kprobe"))
            return; // this kernel has kprobes: KernelProbeTests attaches them
        var run = ProcessRun.Of(TimeSpan.FromSeconds(60), Mbpf, "run", Path.Combine(CorpusPaths.Directory, "sections.bpf.o"), "--seconds", "1");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"^mbpf: prog 'ret_probe' \(kretprobe/vfs_write\): kprobes \(CONFIG_KPROBES: .*\) is not supported by this kernel\n$", run.StandardError);
    }

    [KernelFact]
    public void ATargetForAProgramThatTakesNoneIsAUsageError()
    {
        var run = ProcessRun.Of(TimeSpan.FromSeconds(60), Mbpf, "run", AttachWorkload.ObjectPath, "--attach", "no_such_program=lo");
        Assert.Equal(64, run.ExitCode);
        Assert.StartsWith("mbpf: --attach no_such_program=...: the object has no program 'no_such_program'", run.StandardError);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
