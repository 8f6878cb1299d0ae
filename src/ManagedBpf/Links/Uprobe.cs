using ManagedBpf.Binaries;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_KPROBE program to a user-space function (uprobe) or its return (uretprobe), as libbpf's
/// bpf_program__attach_uprobe_opts does: the function name becomes a file offset through the binary's ELF symbols
/// (<see cref="FunctionOffsets.Find"/>), then the uprobe PMU (4.17+) or a tracefs <c>uprobe_events</c> definition
/// makes the event.
/// </summary>
public static class Uprobe
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to <paramref name="function"/> in <paramref name="binary"/>.</summary>
        /// <param name="binary">An executable or shared library: a path, or a bare name looked up as libbpf does.</param>
        /// <param name="function">A function symbol, optionally versioned (<c>malloc@@GLIBC_2.2.5</c>); null to use
        /// <paramref name="offset"/> as a file offset by itself.</param>
        /// <param name="offset">Bytes past the function's start, or the file offset when no function is named.</param>
        /// <param name="isReturn">A uretprobe: run when the function returns.</param>
        /// <param name="pid">Only this process; -1 for every process that maps the file.</param>
        /// <param name="cookie">What bpf_get_attach_cookie() returns (5.15+).</param>
        /// <exception cref="BpfException">No such file or function.</exception>
        /// <exception cref="BpfSyscallException">The kernel refused the probe.</exception>
        public BpfLink AttachUprobe(string binary, string? function, ulong offset = 0, bool isReturn = false, int pid = -1, ulong cookie = 0)
        {
            var path = TargetBinary.Resolve(binary);
            var fileOffset = offset + (function is null ? 0 : FunctionOffsets.Find(TargetBinary.Read(path), function));
            var description = $"{(isReturn ? "uretprobe" : "uprobe")} {path}:{function ?? ""}{(offset == 0 && function is not null ? "" : $"+0x{offset:x}")}" +
                              (pid < 0 ? "" : $" pid {pid}");
            return program.AttachUprobeAt(path, fileOffset, isReturn, pid, 0, cookie, description);
        }
    }

    /// <summary>A uprobe at a file offset already known (a USDT site), with the semaphore's file offset or 0.</summary>
    internal static BpfLink AttachUprobeAt(this BpfProgram program, string path, ulong fileOffset, bool isReturn, int pid, ulong semaphoreOffset,
        ulong cookie, string description, bool legacy = false) =>
        ProbeAttach.Attach(program, new ProbeAttach.Probe(true, isReturn, path, fileOffset, pid, semaphoreOffset, 0, legacy), cookie, description);
}
