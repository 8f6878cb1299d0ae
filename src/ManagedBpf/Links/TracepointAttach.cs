using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>Attaches a BPF_PROG_TYPE_TRACEPOINT program to a tracefs tracepoint through a perf event.</summary>
internal static class TracepointAttach
{
    public static BpfLink Attach(BpfProgram program, string category, string name, bool preferLink = true)
    {
        var description = $"tracepoint {category}/{name}";
        var attr = new PerfEventAttr
        {
            Type = PerfEvent.TypeTracepoint,
            Config = (ulong)Tracefs.GetTracepointId(category, name),
        };
        // pid -1 / cpu 0 (libbpf's perf_event_open_tracepoint): a BPF program on a tracepoint event runs on every
        // CPU and for every task (perf_event_attach_bpf_prog hooks the event's trace_event_call, not the one event).
        var perfFd = PerfEvent.Open(ref attr, pid: -1, cpu: 0, groupFd: -1, flags: 0, description);
        return PerfEventAttach.Attach(program, perfFd, description, preferLink);
    }
}
