using Xunit;

namespace ManagedBpf.Tests.Links;

/// <summary>
/// bootstrap.bpf.o's raw tracepoint twins (<c>SEC("?raw_tp/...")</c>, autoload off): AttachAll attaches what was
/// loaded and only that. Attaching and counting a raw tracepoint, and an unknown one, are TracingAttachTests'.
/// </summary>
public class RawTracepointTests
{
    [KernelFact]
    public void AttachAllAttachesRawTracepointsAndSkipsProgramsNotLoaded()
    {
        var spec = TestObjects.ParseBootstrap();
        spec.Programs["handle_exec"].AutoLoad = false;
        spec.Programs["handle_exec_raw"].AutoLoad = true;
        using var loaded = BpfObject.Load(spec);
        using var links = loaded.AttachAll();
        Assert.Equal(["raw_tracepoint sched_process_exec", "tracepoint sched/sched_process_exit"], links.Links.Select(l => l.Description).Order());
    }
}
