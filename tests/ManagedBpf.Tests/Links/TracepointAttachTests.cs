using System.Diagnostics;
using System.Text.Json;
using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Links;

public class TracepointAttachTests
{
    [KernelFact]
    public void ExecTracepointBumpsCounterUntilDetached()
    {
        using var counter = BpfMap.Create(new MapSpec("exec_count", MapType.Array, 4, 8, 1));
        var program = BpfProgram.Load(TestPrograms.Tracepoint("count_exec", TestPrograms.CountInArray(counter)));
        var programId = program.Id;
        var link = program.AttachTracepoint("sched", "sched_process_exec");
        try
        {
            Assert.True(link.Id > 0);
            Assert.NotNull(link.PerfEventFd);
            for (var i = 0; i < 3; i++)
                TestPrograms.RunTrue();
            Assert.True(counter.TryLookup(0u, out ulong count));
            Assert.True(count >= 3, $"counter is {count} after three execs");
        }
        finally
        {
            link.Dispose();
            program.Dispose();
        }

        Assert.True(counter.TryLookup(0u, out ulong before));
        TestPrograms.RunTrue();
        Assert.True(counter.TryLookup(0u, out ulong after));
        Assert.Equal(before, after);
        Assert.True(TestPrograms.Eventually(() => !BpfProgram.GetLoadedIds().Contains(programId), TimeSpan.FromSeconds(5)),
            $"program {programId} is still loaded after Dispose");
    }

    [KernelFact]
    public void BpftoolSeesThePerfEventLink()
    {
        using var counter = BpfMap.Create(new MapSpec("bpftool_count", MapType.Array, 4, 8, 1));
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("bpftool_seen", TestPrograms.CountInArray(counter)));
        using var link = program.AttachTracepoint("sched", "sched_process_exec");

        using var bpftool = Process.Start(new ProcessStartInfo("bpftool", $"-j link show id {link.Id}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var json = bpftool.StandardOutput.ReadToEnd();
        bpftool.WaitForExit();
        Assert.Equal(0, bpftool.ExitCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("perf_event", document.RootElement.GetProperty("type").GetString());
        Assert.Equal(program.Id, document.RootElement.GetProperty("prog_id").GetUInt32());
    }

    [KernelFact]
    public void IoctlFallbackAttachesAndDetaches()
    {
        // The path kernels before 5.15 take: PERF_EVENT_IOC_SET_BPF, no bpf link, detach by closing the perf fd.
        using var counter = BpfMap.Create(new MapSpec("ioctl_count", MapType.Array, 4, 8, 1));
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("ioctl_exec", TestPrograms.CountInArray(counter)));
        using (var link = Tracepoint.Attach(program, "sched", "sched_process_exec", preferLink: false))
        {
            Assert.Equal(0u, link.Id);
            Assert.Null(link.Fd);
            TestPrograms.RunTrue();
            Assert.True(counter.TryLookup(0u, out ulong count));
            Assert.True(count >= 1);
        }
        Assert.True(counter.TryLookup(0u, out ulong before));
        TestPrograms.RunTrue();
        Assert.True(counter.TryLookup(0u, out ulong after));
        Assert.Equal(before, after);
    }

    [KernelFact]
    public void DisposeAllDetachesEveryLink()
    {
        using var counter = BpfMap.Create(new MapSpec("many_count", MapType.Array, 4, 8, 1));
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("many_links", TestPrograms.CountInArray(counter)));
        var links = new[]
        {
            program.AttachTracepoint("sched", "sched_process_exec"),
            program.AttachTracepoint("sched", "sched_process_exit"),
            program.AttachTracepoint("sched", "sched_process_fork"),
        };
        TestPrograms.RunTrue();
        Assert.True(counter.TryLookup(0u, out ulong attached));
        Assert.True(attached >= 3, $"fork + exec + exit should count 3, got {attached}");

        BpfLink.DisposeAll(links);
        Assert.All(links, link => Assert.True(link.Fd!.IsClosed && link.PerfEventFd!.IsClosed));
        Assert.True(counter.TryLookup(0u, out ulong before));
        TestPrograms.RunTrue();
        Assert.True(counter.TryLookup(0u, out ulong after));
        Assert.Equal(before, after);
    }

    [KernelFact]
    public void UnknownTracepointIsAClearError()
    {
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("no_such_tp", TestPrograms.ReturnZero()));
        var error = Assert.Throws<BpfException>(() => program.AttachTracepoint("sched", "no_such_event"));
        Assert.Contains("sched/no_such_event", error.Message);
    }

    [KernelFact]
    public void WrongProgramTypeFailsToAttach()
    {
        var options = TestPrograms.Tracepoint("socket_prog", TestPrograms.ReturnZero());
        options.Type = ProgramType.SocketFilter;
        using var program = BpfProgram.Load(options);
        Assert.Throws<BpfSyscallException>(() => program.AttachTracepoint("sched", "sched_process_exec"));
    }
}
