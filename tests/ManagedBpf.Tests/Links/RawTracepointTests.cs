using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Links;

public class RawTracepointTests
{
    [KernelFact]
    public void ExecRawTracepointCountsUntilDetached()
    {
        using var counter = BpfMap.Create(new MapSpec("raw_exec_count", MapType.Array, 4, 8, 1));
        using var program = BpfProgram.Load(TestPrograms.RawTracepoint("raw_count_exec", TestPrograms.CountInArray(counter)));
        using (var link = program.AttachRawTracepoint("sched_process_exec"))
        {
            Assert.True(link.Id > 0);
            Assert.Null(link.PerfEventFd);
            Assert.Equal("raw tracepoint sched_process_exec", link.Description);
            for (var i = 0; i < 3; i++)
                TestPrograms.RunTrue();
            Assert.True(counter.TryLookup(0u, out ulong count));
            Assert.True(count >= 3, $"counter is {count} after three execs");
        }
        Assert.True(counter.TryLookup(0u, out ulong before));
        TestPrograms.RunTrue();
        Assert.True(counter.TryLookup(0u, out ulong after));
        Assert.Equal(before, after);
    }

    [KernelFact]
    public void AnUnknownTracepointIsENOENT()
    {
        using var program = BpfProgram.Load(TestPrograms.RawTracepoint("raw_nowhere", TestPrograms.ReturnZero()));
        var e = Assert.Throws<BpfSyscallException>(() => program.AttachRawTracepoint("no_such_tracepoint_mbpf"));
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Equal("BPF_RAW_TRACEPOINT_OPEN", e.Operation);
    }

    [KernelFact]
    public void AttachAllAttachesRawTracepointsAndSkipsProgramsNotLoaded()
    {
        var spec = TestObjects.ParseBootstrap();
        spec.Programs["handle_exec"].AutoLoad = false;
        spec.Programs["handle_exec_raw"].AutoLoad = true;
        using var loaded = BpfObject.Load(spec);
        using var links = loaded.AttachAll();
        Assert.Equal(["raw tracepoint sched_process_exec", "tracepoint sched/sched_process_exit"], links.Links.Select(l => l.Description).Order());
    }
}
