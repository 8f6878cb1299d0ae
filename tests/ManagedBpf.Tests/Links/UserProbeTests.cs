using ManagedBpf.Links;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Links;

/// <summary>uprobes, uretprobes, uprobe.multi and USDT probes on the workload, counted by the programs of attach_kinds.</summary>
[Collection(AttachWorkloadCollection.Name)]
public class UserProbeTests
{
    private const ulong AddSum = AttachWorkload.Rounds * 100 + AttachWorkload.Rounds * (AttachWorkload.Rounds - 1) / 2;

    [KernelFact]
    public void UprobeAndUretprobeSeeEveryCallAndItsArgumentsUntilDetached()
    {
        using var loaded = AttachWorkload.Load("on_add", "on_add_return");
        using (loaded.Programs["on_add"].AttachUprobe(AttachWorkload.Executable, "mbpf_target_add"))
        using (loaded.Programs["on_add_return"].AttachUprobe(AttachWorkload.Executable, "mbpf_target_add", isReturn: true))
            AttachWorkload.Run();
        AttachWorkload.Run();

        Assert.Equal((5ul, AddSum), (AttachWorkload.Counter(loaded, "uprobe_calls"), AttachWorkload.Counter(loaded, "uprobe_arg_sum")));
        Assert.Equal((5ul, AddSum), (AttachWorkload.Counter(loaded, "uretprobe_calls"), AttachWorkload.Counter(loaded, "uretprobe_sum")));
    }

    [KernelFact]
    public void ALegacyUprobeEventIsDefinedWhileAttachedAndRemovedOnDispose()
    {
        using var loaded = AttachWorkload.Load("on_add");
        var offset = Binaries.FunctionOffsets.Find(TargetBinary.Read(AttachWorkload.Executable), "mbpf_target_add");
        var events = Path.Combine(ManagedBpf.Kernel.Tracefs.Locate(), "uprobe_events");
        string name;
        using (var link = (TracefsProbeLink)loaded.Programs["on_add"].AttachUprobeAt(AttachWorkload.Executable, offset, false, -1, 0, 0, "legacy", legacy: true))
        {
            name = link.EventName;
            Assert.Contains(name, File.ReadAllText(events));
            AttachWorkload.Run();
        }
        Assert.DoesNotContain(name, File.ReadAllText(events));
        Assert.Equal(5ul, AttachWorkload.Counter(loaded, "uprobe_calls"));
    }

    [KernelFact]
    public void UprobeMultiAttachesToEveryMatchingFunction()
    {
        var spec = TestObjects.ParseFile(AttachWorkload.ObjectPath);
        foreach (var program in spec.Programs.Values)
            program.AutoLoad = program.Name == "on_add";
        spec.Programs["on_add"].ExpectedAttachType = AttachType.TraceUprobeMulti;
        using var loaded = BpfObject.Load(spec);
        using (loaded.Programs["on_add"].AttachUprobeMulti(AttachWorkload.Executable, "mbpf_target_*"))
            AttachWorkload.Run();
        Assert.Equal((5ul, AddSum), (AttachWorkload.Counter(loaded, "uprobe_calls"), AttachWorkload.Counter(loaded, "uprobe_arg_sum")));
    }

    [KernelFact]
    public void UsdtReadsTheArgumentsAndSetsTheSemaphore()
    {
        using var loaded = AttachWorkload.Load("on_tick");
        string attached;
        using (loaded.Programs["on_tick"].AttachUsdt(loaded.Usdt!, AttachWorkload.Executable, "mbpf_test", "tick"))
            attached = AttachWorkload.Run();
        var detached = AttachWorkload.Run();

        Assert.EndsWith("semaphore_seen 5", attached);
        Assert.EndsWith("semaphore_seen 0", detached);
        Assert.Equal((5ul, 100ul), (AttachWorkload.Counter(loaded, "usdt_calls"), AttachWorkload.Counter(loaded, "usdt_arg_sum")));
    }

    [KernelFact]
    public void AUsdtProbeTheBinaryLacksIsAClearError()
    {
        using var loaded = AttachWorkload.Load("on_tick");
        var error = Assert.Throws<BpfException>(() => loaded.Programs["on_tick"].AttachUsdt(loaded.Usdt!, AttachWorkload.Executable, "mbpf_test", "nope"));
        Assert.Contains("no USDT probe mbpf_test:nope", error.Message);
    }
}
