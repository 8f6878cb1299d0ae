using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_TRACEPOINT program to a tracefs tracepoint through a perf event, as libbpf's
/// bpf_program__attach_tracepoint does. An extension of <see cref="BpfProgram"/>: attach functions live with the
/// links they make, and programs know nothing of links.
/// </summary>
public static class Tracepoint
{
    extension(BpfProgram program)
    {
        /// <summary>
        /// Attaches this program to <c>category/name</c>: perf_event_open on the tracepoint, then BPF_LINK_CREATE
        /// (BPF_PERF_EVENT, 5.15+) or, on older kernels, PERF_EVENT_IOC_SET_BPF; then enables the event.
        /// </summary>
        /// <exception cref="BpfException">The tracepoint does not exist, or tracefs cannot be found or mounted.</exception>
        /// <exception cref="BpfSyscallException">The kernel refused the perf event or the attachment.</exception>
        public BpfLink AttachTracepoint(string category, string name) => Attach(program, category, name, preferLink: true);
    }

    /// <param name="program">The program to attach.</param>
    /// <param name="category">The tracepoint's category (<c>sched</c>).</param>
    /// <param name="name">The tracepoint's name (<c>sched_process_exec</c>).</param>
    /// <param name="preferLink">False forces the pre-5.15 ioctl path (for tests of that path).</param>
    internal static BpfLink Attach(BpfProgram program, string category, string name, bool preferLink)
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
        return PerfEventAttach.Attach(program, perfFd, description, preferLink: preferLink);
    }
}
