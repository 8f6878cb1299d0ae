using System.Text;
using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_RAW_TRACEPOINT program (<c>raw_tp/NAME</c>) to a kernel tracepoint by name, as libbpf's
/// bpf_program__attach_raw_tracepoint does: the program gets the tracepoint's arguments themselves (the task, the
/// linux_binprm ...) rather than the record tracefs formats, and no perf event stands in between.
/// </summary>
public static class RawTracepoint
{
    extension(BpfProgram program)
    {
        /// <summary>
        /// Attaches this program to the tracepoint <paramref name="name"/> (<c>sched_process_exec</c>; no category)
        /// with BPF_RAW_TRACEPOINT_OPEN (4.17+; the fd is a bpf link since 5.7). Detaching does not wait: the kernel
        /// drops the probe with tracepoint_probe_unregister() and frees the old probe array after an RCU grace period
        /// in the background (kernel/bpf/syscall.c bpf_raw_tp_link_release), where closing a tracepoint's last perf
        /// event waits for one in close(2) (kernel/trace/trace_event_perf.c perf_trace_event_unreg).
        /// </summary>
        /// <exception cref="BpfSyscallException">ENOENT when the kernel has no such tracepoint; EINVAL when the program
        /// reads more arguments than the tracepoint has, or is not a raw tracepoint program.</exception>
        public BpfLink AttachRawTracepoint(string name) => Attach(program, name);
    }

    private static unsafe BpfLink Attach(BpfProgram program, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var description = $"raw tracepoint {name}";
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        using var programFd = HandleLease.Of(program.Fd);
        fixed (byte* namePointer = nameBytes)
        {
            var attr = new RawTracepointOpenAttr { Name = (ulong)namePointer, ProgFd = (uint)programFd.Raw };
            var fd = BpfSyscall.Invoke(BpfCommand.RawTracepointOpen, ref attr, program.Name);
            return new BpfLink(description, SafeFd.FromRaw((int)fd, "BPF_RAW_TRACEPOINT_OPEN", program.Name), perfEventFd: null);
        }
    }
}
