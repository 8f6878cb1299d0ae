using System.Text;
using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_RAW_TRACEPOINT program to a kernel tracepoint by its name (<c>sched_switch</c>), without
/// tracefs or a perf event: BPF_RAW_TRACEPOINT_OPEN (4.17+), whose fd is a bpf link (libbpf's
/// bpf_program__attach_raw_tracepoint). The program sees the tracepoint's raw arguments.
/// </summary>
public static class RawTracepoint
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to the raw tracepoint <paramref name="name"/>.</summary>
        /// <exception cref="BpfSyscallException">No such tracepoint (ENOENT), or the program type does not fit.</exception>
        public BpfLink AttachRawTracepoint(string name)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            return Open(program, name, $"raw_tracepoint {name}");
        }
    }

    /// <summary>BPF_RAW_TRACEPOINT_OPEN with <paramref name="name"/>, or with none for a program whose attach_btf_id
    /// names its target.</summary>
    internal static unsafe BpfLink Open(BpfProgram program, string? name, string description)
    {
        var bytes = name is null ? null : Encoding.UTF8.GetBytes(name + "\0");
        using var programFd = HandleLease.Of(program.Fd);
        fixed (byte* pointer = bytes)
        {
            var attr = new RawTracepointOpenAttr { Name = (ulong)pointer, ProgFd = (uint)programFd.Raw };
            var fd = BpfSyscall.TryInvoke(BpfCommand.RawTracepointOpen, ref attr, out var errno);
            if (fd < 0)
                throw SyscallError.Create("BPF_RAW_TRACEPOINT_OPEN", errno, description,
                    errno == Errno.ENOENT ? "no such tracepoint in this kernel" : null);
            var linkFd = SafeFd.FromRaw((int)fd, "BPF_RAW_TRACEPOINT_OPEN", description);
            try
            {
                return new BpfLink(description, linkFd, null);
            }
            catch
            {
                linkFd.Dispose();
                throw;
            }
        }
    }
}
