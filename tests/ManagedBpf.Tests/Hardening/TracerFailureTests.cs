using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Hardening;

/// <summary>
/// Every failure a user can meet, provoked for real: one line on stderr that says what is wrong and what to
/// do, a distinct status, and nothing left loaded. Runs alone (no other test loads programs meanwhile), so
/// "nothing left" can be read from the kernel's program ids.
/// </summary>
[Collection(Isolated.Name)]
public class TracerFailureTests
{
    [KernelFact]
    public void WithoutBpfCapabilitiesItSaysSoAndExits77()
    {
        var run = NothingLeftAfter(() => TracerRun.Of("setpriv", ["--inh-caps=-all", "--bounding-set=-all", "sh", "-c", TracerRun.TracerCommandLine()]));
        Assert.Equal(77, run.ExitCode);
        Assert.Matches("^proctracer: permission denied: .*CAP_BPF and CAP_PERFMON", run.OneErrorLine());
    }

    [KernelFact]
    public void AMissingBtfFileSaysWhatToDoAndExits69()
    {
        var run = NothingLeftAfter(() => TracerRun.Tracer("--btf", "/no/such/vmlinux"));
        Assert.Equal(69, run.ExitCode);
        Assert.Matches("^proctracer: no kernel BTF at /no/such/vmlinux .*CONFIG_DEBUG_INFO_BTF", run.OneErrorLine());
    }

    [KernelFact]
    public void ARejectedProgramShowsTheVerifiersLastLinesAndExits70()
    {
        var rejected = Path.Combine(Repository.Root, "bpf", "hardening", "bootstrap_rejected.bpf.o");
        var run = NothingLeftAfter(() => TracerRun.Tracer("--object", rejected));
        Assert.Equal(70, run.ExitCode);
        var line = run.OneErrorLine();
        Assert.Contains("verifier rejected program 'handle_exec_raw'", line);
        Assert.Contains("invalid mem access", line);
        Assert.Contains("run with -v for the whole verifier log", line);

        var verbose = TracerRun.Tracer("-v", "--object", rejected);
        Assert.Equal(70, verbose.ExitCode);
        Assert.Contains("processed ", verbose.StandardError);
        Assert.True(verbose.StandardError.Split('\n').Length > 5, "-v prints the whole log");
    }

    [KernelFact]
    public void AnotherObjectNamesWhatItLacksOfBootstrapAndExits65()
    {
        // rejected.bpf.o has bootstrap's variable, ring and exec program, but not its other maps and programs: the
        // generated BootstrapObject refuses it at open, before anything is loaded.
        var other = Path.Combine(Repository.Root, "bpf", "hardening", "rejected.bpf.o");
        var run = NothingLeftAfter(() => TracerRun.Tracer("--object", other));
        Assert.Equal(65, run.ExitCode);
        Assert.Equal($"proctracer: malformed BPF object {other}: it has no map 'exec_start', which BootstrapObject was generated from; " +
            "give --object a build of bootstrap.bpf.c", run.OneErrorLine());
    }

    [KernelFact]
    public void AMalformedObjectNamesSectionAndOffsetAndExits65()
    {
        var path = Path.GetTempFileName();
        try
        {
            var image = File.ReadAllBytes(TestObjects.PathOf("bootstrap.bpf.o"));
            File.WriteAllBytes(path, image[..(image.Length / 2)]);
            var run = NothingLeftAfter(() => TracerRun.Tracer("--object", path));
            Assert.Equal(65, run.ExitCode);
            Assert.Matches(@"^proctracer: malformed BPF object .*\(offset \d+\)", run.OneErrorLine());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [KernelFact]
    public void WithoutTracefsAndTheRightToMountItItSaysHowAndExits72()
    {
        // A private mount namespace without tracefs, and CAP_BPF + CAP_PERFMON but no CAP_SYS_ADMIN to mount it.
        var script = "umount /sys/kernel/tracing 2>/dev/null; umount /sys/kernel/debug 2>/dev/null; " +
            "exec setpriv --inh-caps=-all --bounding-set=-sys_admin " + TracerRun.TracerCommandLine();
        var run = NothingLeftAfter(() => TracerRun.Of("unshare", ["-m", "sh", "-c", script]));
        Assert.Equal(72, run.ExitCode);
        Assert.Matches("^proctracer: .*tracefs.*mount -t tracefs nodev /sys/kernel/tracing", run.OneErrorLine());
    }

    [KernelFact]
    public void PipedIntoHeadItEndsQuietlyOnceHeadIsGone()
    {
        using var workload = new Tracer.Workload();
        var script = $"set -o pipefail; ( sleep 3; for i in 1 2 3 4 5 6 7 8; do {workload.Path} -c true; sleep 0.2; done ) & " +
            $"{TracerRun.TracerCommandLine()} | head -n 2; status=$?; wait; exit $status";
        var run = NothingLeftAfter(() => TracerRun.Of("bash", ["-c", script]));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.StandardError);
        Assert.StartsWith("TIME ", run.StandardOutput);
    }

    /// <summary>Runs <paramref name="run"/> and checks that every program it loaded is gone when it has ended.</summary>
    private static TracerRun NothingLeftAfter(Func<TracerRun> run)
    {
        var before = BpfProgram.GetLoadedIds().ToHashSet();
        var result = run();
        // The kernel frees a program after an RCU grace period once its last fd closes, so an id may outlive the
        // process that held it by some milliseconds; a program still held stays for good. Programs a live process
        // holds are another suite's sharing this kernel (the run's processes have all ended): only the rest count.
        var left = Left(before);
        for (var wait = 0; left.Count > 0 && wait < 40; wait++)
        {
            Thread.Sleep(50);
            left = Left(before);
        }
        Assert.True(left.Count == 0, $"programs still loaded 2 s after the run: {string.Join(", ", left)}");
        return result;
    }

    private static List<uint> Left(HashSet<uint> before)
    {
        var held = Tracer.KernelObjects.ProgramIdsHeldByAnyProcess();
        return [.. BpfProgram.GetLoadedIds().Where(id => !before.Contains(id) && !held.Contains(id))];
    }
}

/// <summary>Tests that must see the kernel with nothing else of ours loading programs: run after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Isolated
{
    public const string Name = "isolated kernel tests";
}
