using ManagedBpf.Asm;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Programs;

/// <summary>Sections to attach points, as libbpf's attach_* functions read them, and the reasons the rest are left.</summary>
public class AttachPointTests
{
    public static TheoryData<string, AttachPoint> Attachable => new()
    {
        { "tp/sched/sched_switch", new AttachPoint.Tracepoint("sched", "sched_switch") },
        { "tracepoint/syscalls/sys_enter_openat", new AttachPoint.Tracepoint("syscalls", "sys_enter_openat") },
        { "raw_tp/sys_enter", new AttachPoint.RawTracepoint("sys_enter") },
        { "raw_tracepoint.w/sched_switch", new AttachPoint.RawTracepoint("sched_switch") },
        { "kprobe/do_unlinkat", new AttachPoint.Kprobe("do_unlinkat", 0, false) },
        { "kprobe/do_unlinkat+0x10", new AttachPoint.Kprobe("do_unlinkat", 16, false) },
        { "kprobe/vfs_read+8", new AttachPoint.Kprobe("vfs_read", 8, false) },
        { "kprobe/cpufreq.isra.0+010", new AttachPoint.Kprobe("cpufreq.isra.0", 8, false) },
        { "kretprobe/vfs_write", new AttachPoint.Kprobe("vfs_write", 0, true) },
        { "ksyscall/kill", new AttachPoint.Ksyscall("kill", false) },
        { "kretsyscall/openat", new AttachPoint.Ksyscall("openat", true) },
        { "kprobe.multi/vfs_*", new AttachPoint.KprobeMulti("vfs_*", false, false) },
        { "kretprobe.multi/tcp_?et*", new AttachPoint.KprobeMulti("tcp_?et*", true, false) },
        { "uprobe//usr/bin/bash:readline", new AttachPoint.Uprobe("/usr/bin/bash", "readline", 0, false) },
        { "uprobe/libc.so.6:malloc+0x4", new AttachPoint.Uprobe("libc.so.6", "malloc", 4, false) },
        { "uretprobe/libc.so.6:malloc@@GLIBC_2.2.5", new AttachPoint.Uprobe("libc.so.6", "malloc@@GLIBC_2.2.5", 0, true) },
        { "uprobe.s//bin/x:operator+", new AttachPoint.Uprobe("/bin/x", "operator+", 0, false) },
        { "uprobe.multi//bin/x:str*", new AttachPoint.UprobeMulti("/bin/x", "str*", false, false) },
        { "uretprobe.multi/libc.so.6:mem*", new AttachPoint.UprobeMulti("libc.so.6", "mem*", true, false) },
        { "usdt//usr/lib/libc.so.6:libc:setjmp", new AttachPoint.Usdt("/usr/lib/libc.so.6", "libc", "setjmp") },
        { "tp_btf/sched_switch", new AttachPoint.Tracing() },
        { "fentry/do_unlinkat", new AttachPoint.Tracing() },
        { "fmod_ret/security_file_open", new AttachPoint.Tracing() },
        { "lsm/file_open", new AttachPoint.Tracing() },
        { "iter/task", new AttachPoint.Iterator() },
    };

    [Theory]
    [MemberData(nameof(Attachable))]
    public void ReadsTheTargetAsLibbpfDoes(string section, AttachPoint expected) =>
        Assert.Equal(expected, AttachPoint.Of(Program(section), out _));

    [Theory]
    [InlineData("kprobe", "section 'kprobe' names no target (auto-attach needs kprobe/FUNCTION)")]
    [InlineData("uprobe", "section 'uprobe' names no target (auto-attach needs uprobe/BINARY:FUNCTION)")]
    [InlineData("usdt", "section 'usdt' names no target (auto-attach needs usdt/BINARY:PROVIDER:NAME)")]
    [InlineData("tp", "section 'tp' names no target (auto-attach needs tp/CATEGORY/NAME)")]
    [InlineData("xdp", "needs a network interface (xdp)")]
    [InlineData("tc", "needs a network interface and a direction (tc)")]
    [InlineData("tcx/ingress", "needs a network interface and a direction (tc)")]
    [InlineData("cgroup_skb/egress", "needs a cgroup")]
    [InlineData("cgroup/connect4", "needs a cgroup")]
    [InlineData("sockops", "needs a cgroup")]
    [InlineData("socket", "needs a socket (SO_ATTACH_BPF)")]
    [InlineData("perf_event", "needs a perf event to sample (perf_event)")]
    [InlineData("sk_lookup", "needs a network namespace")]
    [InlineData("netfilter", "needs a netfilter hook (protocol family, hook, priority)")]
    [InlineData("sk_msg", "needs a sockmap")]
    [InlineData("syscall", "runs only through BPF_PROG_TEST_RUN")]
    [InlineData("lsm_cgroup/socket_bind", "needs a cgroup (lsm_cgroup)")]
    [InlineData("xdp/devmap", "runs from a devmap or cpumap entry")]
    [InlineData("mystery", "section 'mystery' names no known program type")]
    public void LeavesTheRestAndSaysWhy(string section, string reason)
    {
        Assert.Null(AttachPoint.Of(Program(section), out var why));
        Assert.Equal(reason, why);
    }

    [Theory]
    [InlineData("uprobe//bin/bash")]
    [InlineData("uprobe//bin/bash:")]
    [InlineData("usdt//bin/x:provider")]
    [InlineData("tp/sched")]
    [InlineData("kretprobe/vfs_write+4")]
    [InlineData("uretprobe//bin/x:f+4")]
    [InlineData("kprobe/+4")]
    public void AMalformedTargetFailsAsLibbpfFailsTheSkeleton(string section) =>
        Assert.Throws<BpfException>(() => AttachPoint.Of(Program(section), out _));

    [Fact]
    public void ATargetGivenLaterTakesTheSyntaxOfTheSection()
    {
        Assert.Equal(new AttachPoint.Uprobe("/bin/bash", "readline", 0, true),
            AttachPoint.WithTarget("uretprobe", ProgramType.Kprobe, AttachType.None, "/bin/bash:readline"));
        Assert.Equal(new AttachPoint.Usdt("/bin/x", "p", "n"), AttachPoint.WithTarget("usdt", ProgramType.Kprobe, AttachType.None, "/bin/x:p:n"));
        Assert.Equal(new AttachPoint.Tracepoint("sched", "sched_switch"),
            AttachPoint.WithTarget("tp", ProgramType.Tracepoint, AttachType.None, "sched/sched_switch"));
        Assert.Equal(new AttachPoint.Kprobe("vfs_read", 8, false), AttachPoint.WithTarget("kprobe/other", ProgramType.Kprobe, AttachType.None, "vfs_read+8"));
    }

    [Theory]
    [InlineData("vfs_read", "vfs_*", true)]
    [InlineData("vfs_read", "vfs_rea?", true)]
    [InlineData("vfs_read", "*read", true)]
    [InlineData("vfs_read", "*", true)]
    [InlineData("vfs_read", "vfs_write", false)]
    [InlineData("vfs_read", "vfs_rea", false)]
    [InlineData("vfs_read", "*_*_*", false)]
    [InlineData("a_b_c", "*_*_*", true)]
    [InlineData("", "*", true)]
    [InlineData("x", "", false)]
    public void GlobMatchesLikeLibbpf(string text, string pattern, bool matches) => Assert.Equal(matches, Glob.Match(text, pattern));

    private static ProgramSpec Program(string section) => new("p", section, new BpfFunction
    {
        Name = "p",
        SectionName = section,
        SectionStart = 0,
        Instructions = [Emit.Mov(Register.R0, 0), Emit.Exit()],
        References = [],
        FunctionInfos = [],
        LineInfos = [],
        CoreRelocations = [],
    }, "GPL");
}
