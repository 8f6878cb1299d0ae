using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_KPROBE program to a kernel function's entry (kprobe) or return (kretprobe), as libbpf's
/// bpf_program__attach_kprobe_opts does: the kprobe PMU (4.17+), else a tracefs <c>kprobe_events</c> definition.
/// Kernels without CONFIG_KPROBES have neither and refuse with <see cref="BpfNotSupportedException"/>.
/// </summary>
public static class Kprobe
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to <paramref name="function"/> (a name in /proc/kallsyms).</summary>
        /// <param name="function">The kernel function.</param>
        /// <param name="offset">Bytes into the function (entry probes only).</param>
        /// <param name="isReturn">A kretprobe: run when the function returns.</param>
        /// <param name="cookie">What bpf_get_attach_cookie() returns (5.15+).</param>
        /// <param name="maxActive">For a kretprobe, how many calls may be in flight at once (kretprobe maxactive);
        /// 0 for the kernel's default. Only the tracefs interface takes it, so a non-zero value uses that.</param>
        /// <exception cref="BpfNotSupportedException">The kernel has no kprobes.</exception>
        /// <exception cref="BpfSyscallException">No such function, or it cannot be probed.</exception>
        public BpfLink AttachKprobe(string function, ulong offset = 0, bool isReturn = false, ulong cookie = 0, int maxActive = 0)
        {
            ArgumentException.ThrowIfNullOrEmpty(function);
            if (isReturn && offset != 0)
                throw new ArgumentException("a kretprobe takes no offset", nameof(offset));
            var description = $"{(isReturn ? "kretprobe" : "kprobe")} {function}{(offset == 0 ? "" : $"+0x{offset:x}")}";
            return ProbeAttach.Attach(program, new ProbeAttach.Probe(false, isReturn, function, offset, -1, 0, maxActive), cookie, description);
        }
    }
}
