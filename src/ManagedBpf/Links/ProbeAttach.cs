using System.Text;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// A kprobe or uprobe as a perf event with the program on it: through the <c>kprobe</c>/<c>uprobe</c> PMU when the
/// kernel has one (4.17+), else through a tracefs <c>kprobe_events</c>/<c>uprobe_events</c> definition that the link
/// removes again on Dispose (libbpf's bpf_program__attach_kprobe_opts and bpf_program__attach_uprobe_opts).
/// </summary>
internal static class ProbeAttach
{
    /// <summary>PERF_UPROBE_REF_CTR_OFFSET_SHIFT: the semaphore's file offset goes in config's upper 32 bits.</summary>
    private const int RefCounterShift = 32;

    /// <summary>Which probe: a kernel function or a user binary, entry or return; <paramref name="Legacy"/> forces the
    /// tracefs way (for tests of the path kernels before 4.17 take).</summary>
    public readonly record struct Probe(bool User, bool Return, string Target, ulong Offset, int Pid, ulong SemaphoreOffset, int MaxActive,
        bool Legacy = false)
    {
        public string Kind => User ? "uprobe" : "kprobe";

        public string Group => (User ? "u" : "k") + (Return ? "retprobes" : "probes");
    }

    public static BpfLink Attach(BpfProgram program, Probe probe, ulong cookie, string description)
    {
        // maxactive exists only in the tracefs syntax ("r16:..."): the PMU has no field for it.
        if (probe.MaxActive == 0 && !probe.Legacy && ProbeEvents.PmuType(probe.Kind) is { } type)
        {
            var perfFd = OpenPmu(probe, type, description);
            return PerfEventAttach.Attach(program, perfFd, description, cookie);
        }
        if (!ProbeEvents.HasEventsFile(probe.Kind))
        {
            throw probe.User
                ? new BpfNotSupportedException("uprobes (CONFIG_UPROBE_EVENTS: no uprobe PMU and no tracefs uprobe_events)", null)
                : new BpfNotSupportedException("kprobes (CONFIG_KPROBES: no kprobe PMU and no tracefs kprobe_events)", null);
        }
        return AttachLegacy(program, probe, cookie, description);
    }

    private static unsafe SafeFd OpenPmu(Probe probe, uint type, string description)
    {
        if (probe.SemaphoreOffset >= 1UL << RefCounterShift)
            throw new ArgumentOutOfRangeException(nameof(probe), "the semaphore offset does not fit the uprobe PMU's 32 bits");
        var name = Encoding.UTF8.GetBytes(probe.Target + "\0");
        fixed (byte* pointer = name)
        {
            var attr = new PerfEventAttr
            {
                Type = type,
                Config = (probe.Return ? 1UL << ProbeEvents.RetprobeBit(probe.Kind) : 0) | probe.SemaphoreOffset << RefCounterShift,
                Config1 = (ulong)pointer,
                Config2 = probe.Offset,
            };
            // The pid filter means something for uprobes only; without one the event counts on every CPU (cpu 0 with
            // pid -1 is how perf says "all tasks" for a probe event).
            return PerfEvent.Open(ref attr, probe.Pid < 0 ? -1 : probe.Pid, probe.Pid == -1 ? 0 : -1, -1, 0, description);
        }
    }

    private static BpfLink AttachLegacy(BpfProgram program, Probe probe, ulong cookie, string description)
    {
        var name = ProbeEvents.UniqueName(probe.User ? Path.GetFileName(probe.Target) : probe.Target, probe.Offset);
        var kind = probe.Return ? (probe.MaxActive > 0 ? $"r{probe.MaxActive}" : "r") : "p";
        var location = probe.User
            ? $"{probe.Target}:0x{probe.Offset:x}" + (probe.SemaphoreOffset != 0 ? $"(0x{probe.SemaphoreOffset:x})" : "")
            : $"{probe.Target}+0x{probe.Offset:x}";
        ProbeEvents.Define(probe.Kind, $"{kind}:{probe.Group}/{name} {location}");
        try
        {
            var attr = new PerfEventAttr { Type = PerfEvent.TypeTracepoint, Config = (ulong)Tracefs.GetTracepointId(probe.Group, name) };
            var perfFd = PerfEvent.Open(ref attr, probe.Pid < 0 ? -1 : probe.Pid, probe.Pid == -1 ? 0 : -1, -1, 0, description);
            var linkFd = PerfEventAttach.Bind(program, perfFd, description, cookie);
            return new TracefsProbeLink(description, linkFd, perfFd, probe.Kind, probe.Group, name);
        }
        catch
        {
            ProbeEvents.Remove(probe.Kind, probe.Group, name);
            throw;
        }
    }
}

/// <summary>A probe attached through a tracefs event definition: detaching also removes the definition, which would
/// outlive the process otherwise (libbpf's bpf_link_perf_detach with a legacy probe name).</summary>
internal sealed class TracefsProbeLink(string description, SafeFd? linkFd, SafeFd perfEventFd, string kind, string group, string eventName)
    : BpfLink(description, linkFd, perfEventFd)
{
    /// <summary>The event's name under <c>events/GROUP/</c>.</summary>
    public string EventName => eventName;

    protected override void Detach()
    {
        base.Detach();
        // The kernel refuses (EBUSY) to remove an event a perf fd still holds: the fds are closed first.
        ProbeEvents.Remove(kind, group, eventName);
    }
}
