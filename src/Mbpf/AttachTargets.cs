using ManagedBpf;
using ManagedBpf.Cli;
using ManagedBpf.Links;
using ManagedBpf.Programs;

namespace Mbpf;

/// <summary>
/// <c>--attach PROGRAM=TARGET</c>: a target for a program libbpf would not attach by itself, in the syntax of its kind.
/// xdp: an interface; tc: <c>IFACE</c> (ingress) or <c>IFACE:egress</c>; cgroup programs: a cgroup v2 directory;
/// perf_event: <c>cpu-clock</c> (99 Hz) or <c>cpu-clock:HZ</c>; sk_lookup and flow_dissector: a network namespace
/// file; probes and tracepoints: what their section would name (<c>/bin/bash:readline</c>, <c>vfs_read+8</c>,
/// <c>sched/sched_switch</c>, <c>BINARY:PROVIDER:NAME</c>).
/// </summary>
internal static class AttachTargets
{
    public static BpfLink Attach(BpfObject loaded, ProgramSpec spec, string target)
    {
        var program = loaded.Programs[spec.Name];
        return program.Type switch
        {
            ProgramType.Xdp => program.AttachXdp(target),
            ProgramType.SchedCls or ProgramType.SchedAct => Tc(program, target),
            ProgramType.CgroupSkb or ProgramType.CgroupSock or ProgramType.CgroupSockAddr or ProgramType.CgroupSockopt
                or ProgramType.CgroupSysctl or ProgramType.CgroupDevice or ProgramType.SockOps => program.AttachCgroup(target),
            ProgramType.PerfEvent => program.AttachCpuClock(Frequency(target)),
            ProgramType.SkLookup or ProgramType.FlowDissector => program.AttachNetns(target),
            ProgramType.Kprobe or ProgramType.Tracepoint or ProgramType.RawTracepoint or ProgramType.RawTracepointWritable =>
                program.Attach(AttachPoint.WithTarget(spec.SectionName, spec.Type, spec.ExpectedAttachType, target), loaded.Usdt),
            var other => throw new Failure(ExitCodes.Usage, $"--attach {spec.Name}=...: mbpf takes no target for {other} programs"),
        };
    }

    private static BpfLink Tc(BpfProgram program, string target)
    {
        var colon = target.LastIndexOf(':');
        var (device, direction) = colon < 0 ? (target, "ingress") : (target[..colon], target[(colon + 1)..]);
        return direction switch
        {
            "ingress" => program.AttachTc(device, TcDirection.Ingress),
            "egress" => program.AttachTc(device, TcDirection.Egress),
            _ => throw new Failure(ExitCodes.Usage, $"tc target '{target}': the direction is ingress or egress"),
        };
    }

    private static int Frequency(string target)
    {
        if (target == "cpu-clock")
            return 99;
        return target.StartsWith("cpu-clock:", StringComparison.Ordinal) && int.TryParse(target.AsSpan(10), out var hz) && hz > 0
            ? hz
            : throw new Failure(ExitCodes.Usage, $"perf_event target '{target}': cpu-clock or cpu-clock:HZ");
    }
}
