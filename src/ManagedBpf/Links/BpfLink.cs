using ManagedBpf.Interop;

namespace ManagedBpf.Links;

/// <summary>
/// An attachment of a program to a hook. Owns the bpf link fd (when BPF_LINK_CREATE or BPF_RAW_TRACEPOINT_OPEN was
/// used) and the perf event fd (for tracepoints, kprobes, uprobes, sampled events). Dispose detaches: closing the last
/// reference to either fd removes the program from the hook; kinds that leave something in the kernel beyond an fd (a
/// tracefs probe event, a socket's filter) remove it too. Keep a reference for as long as the attachment should last:
/// the fds are SafeHandles, so an unreachable link is detached whenever the GC finalizes them.
/// </summary>
public class BpfLink : IDisposable
{
    private readonly SafeFd? _linkFd;
    private readonly SafeFd? _perfEventFd;
    private uint? _id;

    internal BpfLink(string description, SafeFd? linkFd, SafeFd? perfEventFd)
    {
        Description = description;
        _linkFd = linkFd;
        _perfEventFd = perfEventFd;
    }

    /// <summary>What is attached where, e.g. <c>tracepoint sched/sched_process_exec</c>.</summary>
    public string Description { get; }

    /// <summary>The kernel-wide link id (bpftool link show), or 0 when the kernel had no bpf link for this attachment
    /// (PERF_EVENT_IOC_SET_BPF fallback on kernels before 5.15).</summary>
    /// <remarks>Asked of the kernel (BPF_OBJ_GET_INFO_BY_FD) on first read, not at attach, as libbpf does: once an LSM
    /// program on the bpf hook is attached, every later bpf(2) call may be refused, this one too.</remarks>
    public uint Id => _id ??= QueryId();

    /// <summary>The bpf link fd, or null for a perf-event-only attachment.</summary>
    public SafeFd? Fd => _linkFd;

    /// <summary>The perf event fd, if the attachment uses one.</summary>
    public SafeFd? PerfEventFd => _perfEventFd;

    private uint QueryId()
    {
        if (_linkFd is null)
            return 0;
        var info = default(LinkInfo);
        BpfSyscall.GetInfo(_linkFd, ref info, Description);
        return info.Id;
    }

    /// <summary>Detaches. The kernel waits for an RCU grace period before the program is unhooked for good, so this
    /// takes tens of milliseconds per perf-event link.</summary>
    public void Dispose()
    {
        Detach();
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the link fd, then the perf event fd; a kind that owns more removes it after calling this.</summary>
    protected virtual void Detach()
    {
        // Link first: it holds the perf event file; closing it detaches, then the event itself goes.
        _linkFd?.Dispose();
        _perfEventFd?.Dispose();
    }

    /// <summary>
    /// Detaches several links at once. Each perf-event detach waits for RCU grace periods inside close(2) (about
    /// 25-30 ms each for the perf event and its tracepoint on 6.18); closing those from parallel threads lets the waits
    /// overlap, e.g. two tracepoint links take ~80 ms instead of ~110 ms. Links without a perf event (raw tracepoints)
    /// do not wait and are closed on this thread.
    /// </summary>
    public static void DisposeAll(IReadOnlyCollection<BpfLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        var waiting = links.Where(link => link._perfEventFd is not null).ToList();
        foreach (var link in links.Where(link => link._perfEventFd is null))
            link.Dispose();
        if (waiting.Count <= 1)
        {
            foreach (var link in waiting)
                link.Dispose();
            return;
        }
        Parallel.ForEach(waiting, new ParallelOptions { MaxDegreeOfParallelism = waiting.Count }, link => link.Dispose());
    }

    /// <inheritdoc/>
    public override string ToString() => Id == 0 ? Description : $"{Description} (link id {Id})";
}
