using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Binds a program to an open perf event (tracepoint, kprobe, uprobe, sampled event): BPF_LINK_CREATE with
/// BPF_PERF_EVENT when the kernel has it (5.15+, which also gives the attachment an id, bpftool visibility and a bpf
/// cookie), else PERF_EVENT_IOC_SET_BPF (4.1+). Then PERF_EVENT_IOC_ENABLE. libbpf's
/// bpf_program__attach_perf_event_opts.
/// </summary>
internal static class PerfEventAttach
{
    /// <param name="program">The program to run on each event.</param>
    /// <param name="perfEventFd">The event; owned by the returned link (or disposed on failure).</param>
    /// <param name="description">For errors and <see cref="BpfLink.Description"/>.</param>
    /// <param name="cookie">The value bpf_get_attach_cookie() returns in the program (needs the bpf link, 5.15+).</param>
    /// <param name="preferLink">False forces the pre-5.15 ioctl path (for tests of that path).</param>
    public static BpfLink Attach(BpfProgram program, SafeFd perfEventFd, string description, ulong cookie = 0, bool preferLink = true)
    {
        var linkFd = Bind(program, perfEventFd, description, cookie, preferLink);
        return new BpfLink(description, linkFd, perfEventFd);
    }

    /// <summary>Attaches and enables; returns the bpf link fd, or null on the ioctl path. On failure both fds are closed.</summary>
    public static SafeFd? Bind(BpfProgram program, SafeFd perfEventFd, string description, ulong cookie, bool preferLink = true)
    {
        SafeFd? linkFd = null;
        try
        {
            var linkErrno = Errno.EINVAL;
            linkFd = preferLink ? TryLinkCreate(program, perfEventFd, cookie, out linkErrno) : null;
            if (linkFd is null)
            {
                // Kernels before 5.15 reject the attach type with EINVAL; anything else is a real failure.
                if (linkErrno is not (Errno.EINVAL or Errno.E2BIG or Errno.EOPNOTSUPP or Errno.ENOTSUPP))
                    throw SyscallError.Create("BPF_LINK_CREATE", linkErrno, description);
                if (cookie != 0)
                    throw new BpfNotSupportedException("a bpf cookie on a perf event (BPF_LINK_CREATE with BPF_PERF_EVENT)", "5.15",
                        preferLink ? SyscallError.Create("BPF_LINK_CREATE", linkErrno, description) : null);
                var setErrno = SetBpf(program, perfEventFd);
                if (setErrno != 0)
                {
                    var first = preferLink ? $"BPF_LINK_CREATE failed first with {ErrnoText.Name(linkErrno)}; " : "";
                    throw SyscallError.Create("ioctl(PERF_EVENT_IOC_SET_BPF)", setErrno, description,
                        $"{first}can a {program.Type} program ('{program.Name}') attach to this event?");
                }
            }
            var enableErrno = PerfEvent.TryIoctl(perfEventFd, PerfEvent.IocEnable, 0);
            if (enableErrno != 0)
                throw SyscallError.Create("ioctl(PERF_EVENT_IOC_ENABLE)", enableErrno, description);
            return linkFd;
        }
        catch
        {
            linkFd?.Dispose();
            perfEventFd.Dispose();
            throw;
        }
    }

    private static SafeFd? TryLinkCreate(BpfProgram program, SafeFd perfEventFd, ulong cookie, out Errno errno)
    {
        using var programFd = HandleLease.Of(program.Fd);
        using var perfFd = HandleLease.Of(perfEventFd);
        var attr = new LinkCreateAttr
        {
            ProgFd = (uint)programFd.Raw,
            TargetFd = (uint)perfFd.Raw,
            AttachType = (uint)AttachType.PerfEvent,
            PerfEventBpfCookie = cookie,
        };
        var result = BpfSyscall.TryInvoke(BpfCommand.LinkCreate, ref attr, out errno);
        return result < 0 ? null : SafeFd.FromRaw((int)result, "BPF_LINK_CREATE", program.Name);
    }

    private static Errno SetBpf(BpfProgram program, SafeFd perfEventFd)
    {
        using var programFd = HandleLease.Of(program.Fd);
        return PerfEvent.TryIoctl(perfEventFd, PerfEvent.IocSetBpf, programFd.Raw);
    }
}
