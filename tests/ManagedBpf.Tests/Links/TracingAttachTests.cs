using System.Text;
using ManagedBpf.Kernel;
using ManagedBpf.Links;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Links;

/// <summary>raw tracepoints, BTF tracepoints, iterators and sampled perf events, on the workload of attach_kinds.</summary>
[Collection(AttachWorkloadCollection.Name)]
public class TracingAttachTests
{
    [KernelFact]
    public void RawTpTpBtfAndTracepointCountTheWorkloadsGetppidCalls()
    {
        using var loaded = AttachWorkload.Load("on_raw_sys_enter", "on_btf_sys_enter", "on_tp_getppid");
        using (loaded.Programs["on_raw_sys_enter"].AttachRawTracepoint("sys_enter"))
        using (loaded.Programs["on_btf_sys_enter"].AttachTracing())
        using (loaded.Programs["on_tp_getppid"].AttachTracepoint("syscalls", "sys_enter_getppid"))
            AttachWorkload.Run();
        AttachWorkload.Run();

        Assert.Equal([5ul, 5ul, 5ul], new[] { "raw_tp_calls", "tp_btf_calls", "tp_calls" }.Select(c => AttachWorkload.Counter(loaded, c)));
    }

    [KernelFact]
    public void AnUnknownRawTracepointIsAClearError()
    {
        using var loaded = AttachWorkload.Load("on_raw_sys_enter");
        var error = Assert.Throws<BpfSyscallException>(() => loaded.Programs["on_raw_sys_enter"].AttachRawTracepoint("no_such_tracepoint"));
        Assert.Equal(Errno.ENOENT, error.Errno);
    }

    [KernelFact]
    public void AnIteratorRunsAPassPerOpenAndPrintsKthreadd()
    {
        using var loaded = AttachWorkload.Load("each_task");
        using var link = loaded.Programs["each_task"].AttachIterator();
        Assert.True(link.Id > 0);
        Assert.Equal("pid 2 kthreadd\n", Encoding.UTF8.GetString(link.ReadAll()));
        Assert.Equal("pid 2 kthreadd\n", Encoding.UTF8.GetString(link.ReadAll()));
    }

    [KernelFact]
    public void CpuClockSamplesOnEveryOnlineCpu()
    {
        using var loaded = AttachWorkload.Load("on_sample");
        var link = loaded.Programs["on_sample"].AttachCpuClock(1000);
        try
        {
            Assert.Equal(OnlineCpus.List().Count, ((CompositeLink)link).Parts.Count);
            Assert.True(TestPrograms.Eventually(() => AttachWorkload.Counter(loaded, "perf_samples") > 0, TimeSpan.FromSeconds(5)));
        }
        finally
        {
            link.Dispose();
        }
        // A sample that was already running on another CPU when the link went still finishes its increment.
        Thread.Sleep(50);
        var after = AttachWorkload.Counter(loaded, "perf_samples");
        Thread.Sleep(100);
        Assert.Equal(after, AttachWorkload.Counter(loaded, "perf_samples"));
    }

    [KernelFact]
    public void AttachAllAttachesWhatLibbpfWouldAndSaysWhyItLeavesTheRest()
    {
        using var loaded = BpfObject.Load(TestObjects.ParseFile(AttachWorkload.ObjectPath));
        using var links = loaded.AttachAll();

        Assert.Equal(["raw_tracepoint sys_enter", "tp_btf on_btf_sys_enter", "tracepoint syscalls/sys_enter_getppid", "iterator each_task"],
            links.Links.Select(l => l.Description));
        var reasons = links.Unattached.ToDictionary(u => u.Program, u => u.Reason);
        Assert.Equal("section 'uprobe' names no target (auto-attach needs uprobe/BINARY:FUNCTION)", reasons["on_add"]);
        Assert.Equal("section 'usdt' names no target (auto-attach needs usdt/BINARY:PROVIDER:NAME)", reasons["on_tick"]);
        Assert.Equal("needs a network interface (xdp)", reasons["count_xdp"]);
        Assert.Equal("needs a network interface and a direction (tc)", reasons["count_tc"]);
        Assert.Equal("needs a cgroup", reasons["count_egress"]);
        Assert.Equal("needs a perf event to sample (perf_event)", reasons["on_sample"]);
    }
}
