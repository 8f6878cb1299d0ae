using ManagedBpf.Btf;
using ManagedBpf.Kernel;
using ProcTracer;
using ProcTracer.Lifecycle;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>What a run's options make of lifecycle.bpf.o before it loads: the programs they need, and the maps that
/// only an option's programs fill kept to one entry otherwise (creating them at full size was a third of the agent's
/// map creation time).</summary>
public class LifecycleObjectTests
{
    [Theory]
    [InlineData(new[] { "--extended" }, 1u, 1u)]
    [InlineData(new[] { "--extended", "--pid", "1", "--tree" }, 65536u, 1u)]
    [InlineData(new[] { "--extended", "--failed" }, 1u, 4096u)]
    public void MapsNoLoadedProgramFillsHaveOneEntry(string[] args, uint tracked, uint pendingExecs)
    {
        var spec = Configured(args, out var options);
        Assert.Equal(tracked, spec.Maps["tracked"].MaxEntries);
        Assert.Equal(pendingExecs, spec.Maps["pending_execs"].MaxEntries);
        Assert.Equal(options.Tree, spec.Programs["lifecycle_fork"].AutoLoad);
        Assert.Equal(options.Failed, spec.Programs["lifecycle_execve_exit"].AutoLoad);
    }

    /// <summary>From 6.16 (its exit tracepoint has a record type of its own) no program claims processes in the ended
    /// map; before, it keeps its size.</summary>
    [Fact]
    public void TheEndedMapIsSmallOnlyWhereTheExitTracepointNamesTheLastThread()
    {
        Assert.True(KernelBtf.LoadVmlinux().FindTypeId("trace_event_raw_sched_process_exit", BtfKind.Struct) > 0, "this host's kernel is 6.18");
        Assert.Equal(1u, Configured(["--extended"], out _).Maps["ended"].MaxEntries);
        // A kernel's BTF without that type: bootstrap.bpf.o's own BTF stands in for a 6.1 kernel's here.
        var older = TestObjects.ParseFile(Path.Combine(Repository.Root, "bpf", "bootstrap.bpf.o")).Btf!;
        Assert.Equal(4096u, Configured(["--extended"], out _, older).Maps["ended"].MaxEntries);
    }

    /// <summary>The kernel takes the object so configured, and its maps are as sized.</summary>
    [KernelFact]
    public void TheConfiguredObjectLoadsWithItsSmallMaps()
    {
        using var loaded = BpfObject.Load(Configured(["--extended"], out _));
        // What the kernel reports (BPF_OBJ_GET_INFO_BY_FD), not what was asked.
        Assert.Equal(1u, loaded.Maps["tracked"].GetInfo().MaxEntries);
        Assert.Equal(1u, loaded.Maps["pending_execs"].GetInfo().MaxEntries);
        // This host runs a few hundred tasks: exec_times gets its smallest size.
        Assert.Equal(16384u, loaded.Maps["exec_times"].GetInfo().MaxEntries);
    }

    /// <summary>exec_times follows the host: four times its tasks, at least 16,384, at most what the object asks for.</summary>
    [Theory]
    [InlineData(0L, 65536u, 16384u)]
    [InlineData(300L, 65536u, 16384u)]
    [InlineData(4096L, 65536u, 16384u)]
    [InlineData(4097L, 65536u, 32768u)]
    [InlineData(9000L, 65536u, 65536u)]
    [InlineData(4_194_304L, 65536u, 65536u)]
    [InlineData(long.MaxValue, 65536u, 65536u)]
    [InlineData(300L, 8192u, 8192u)] // an --object that asks for less keeps its size
    public void ExecTimesIsSizedByTheTasksAlive(long tasks, uint objectEntries, uint expected) =>
        Assert.Equal(expected, LifecycleObject.ExecTimesEntries(tasks, objectEntries));

    private static ObjectSpec Configured(string[] args, out Options options, BtfSpec? kernel = null)
    {
        options = CommandLine.Parse(args).Options ?? throw new ArgumentException(string.Join(' ', args));
        using var stream = typeof(LifecycleObject).Assembly.GetManifestResourceStream(LifecycleObject.Resource)!;
        var image = new byte[stream.Length];
        stream.ReadExactly(image);
        var spec = ObjectSpec.Parse(image, "lifecycle");
        LifecycleObject.Configure(spec, options, kernel ?? KernelBtf.LoadVmlinux(), LifecycleObject.Resource, new UserNames());
        return spec;
    }
}
