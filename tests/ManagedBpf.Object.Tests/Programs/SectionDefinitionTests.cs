using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Programs;

/// <summary>Section names to program types, as libbpf's section_defs and sec_def_matches decide them.</summary>
public class SectionDefinitionTests
{
    [Theory]
    [InlineData("tp/sched/sched_process_exec", ProgramType.Tracepoint, AttachType.None, "sched/sched_process_exec")]
    [InlineData("tracepoint/syscalls/sys_enter_openat", ProgramType.Tracepoint, AttachType.None, "syscalls/sys_enter_openat")]
    [InlineData("raw_tp/sched_switch", ProgramType.RawTracepoint, AttachType.None, "sched_switch")]
    [InlineData("raw_tp.w/sched_switch", ProgramType.RawTracepointWritable, AttachType.None, "sched_switch")]
    [InlineData("kprobe/do_unlinkat", ProgramType.Kprobe, AttachType.None, "do_unlinkat")]
    [InlineData("kprobe", ProgramType.Kprobe, AttachType.None, null)]
    [InlineData("kprobe.multi/vfs_*", ProgramType.Kprobe, AttachType.TraceKprobeMulti, "vfs_*")]
    [InlineData("tp_btf/sched_switch", ProgramType.Tracing, AttachType.TraceRawTracepoint, "sched_switch")]
    [InlineData("fentry/do_unlinkat", ProgramType.Tracing, AttachType.TraceFentry, "do_unlinkat")]
    [InlineData("iter/task", ProgramType.Tracing, AttachType.TraceIter, "task")]
    [InlineData("xdp", ProgramType.Xdp, AttachType.Xdp, null)]
    [InlineData("xdp/devmap", ProgramType.Xdp, AttachType.XdpDevMap, null)]
    [InlineData("tc", ProgramType.SchedCls, AttachType.None, null)]
    [InlineData("socket", ProgramType.SocketFilter, AttachType.None, null)]
    [InlineData("cgroup_skb/ingress", ProgramType.CgroupSkb, AttachType.CgroupInetIngress, null)]
    [InlineData("cgroup/connect4", ProgramType.CgroupSockAddr, AttachType.CgroupInet4Connect, null)]
    [InlineData("sk_msg", ProgramType.SkMsg, AttachType.SkMsgVerdict, null)]
    public void MapsSectionNamesLikeLibbpf(string section, ProgramType type, AttachType attachType, string? target)
    {
        var program = Program(section);
        Assert.Equal((type, attachType, target), (program.Type, program.ExpectedAttachType, program.AttachTarget));
        Assert.True(program.AutoLoad);
    }

    [Theory]
    [InlineData("kprobex/foo")]
    [InlineData("xdpfoo")]
    [InlineData("socket/x")]
    [InlineData("tpx/a/b")]
    public void ANameThatOnlySharesAPrefixMatchesNothing(string section) =>
        Assert.Equal(ProgramType.Unspecified, Program(section).Type);

    [Theory]
    [InlineData("tp_btf/sched_switch", "btf_trace_sched_switch", BtfKind.Typedef)]
    [InlineData("iter/task", "bpf_iter_task", BtfKind.Function)]
    [InlineData("lsm/file_open", "bpf_lsm_file_open", BtfKind.Function)]
    [InlineData("fexit/do_unlinkat", "do_unlinkat", BtfKind.Function)]
    public void BtfAttachedSectionsNameTheKernelTypeToAttachTo(string section, string name, BtfKind kind) =>
        Assert.Equal((name, kind), Program(section).AttachBtfType);

    [Fact]
    public void SleepableAndFragsSectionsSetProgFlags()
    {
        Assert.Equal(1u << 4, Program("fentry.s/do_unlinkat").Flags);
        Assert.Equal(1u << 5, Program("xdp.frags").Flags);
        Assert.Equal(0u, Program("xdp").Flags);
    }

    [Fact]
    public void AQuestionMarkSectionIsNotLoadedByDefault()
    {
        var program = Program("?tp/sched/sched_process_fork");
        Assert.False(program.AutoLoad);
        Assert.Equal((ProgramType.Tracepoint, "sched/sched_process_fork"), (program.Type, program.AttachTarget));
    }

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
