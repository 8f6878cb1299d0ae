using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_PERF_EVENT program to a sampled software clock on every CPU, as libbpf-bootstrap's
/// profile example does: one perf event per online CPU (PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, a sampling
/// frequency), each with the program on it (bpf_program__attach_perf_event).
/// </summary>
public static class PerfEventSampling
{
    /// <summary>PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK.</summary>
    private const uint TypeSoftware = 1, CpuClock = 0;

    /// <summary>perf_event_attr's freq bit: sample_freq instead of sample_period.</summary>
    private const ulong Frequency = 1UL << 10;

    extension(BpfProgram program)
    {
        /// <summary>Runs this program <paramref name="frequency"/> times a second on every online CPU (cpu-clock).</summary>
        /// <exception cref="BpfSyscallException">perf_event_open refused (perf_event_paranoid, or no such CPU).</exception>
        public BpfLink AttachCpuClock(int frequency = 99)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frequency);
            var links = new List<BpfLink>();
            try
            {
                foreach (var cpu in OnlineCpus.List())
                {
                    var attr = new PerfEventAttr { Type = TypeSoftware, Config = CpuClock, SamplePeriod = (ulong)frequency, Flags = Frequency };
                    var description = $"perf_event cpu-clock {frequency} Hz cpu {cpu}";
                    var perfFd = PerfEvent.Open(ref attr, pid: -1, cpu, groupFd: -1, flags: 0, description);
                    links.Add(PerfEventAttach.Attach(program, perfFd, description));
                }
                return new CompositeLink($"perf_event cpu-clock {frequency} Hz on {links.Count} CPUs", links);
            }
            catch
            {
                BpfLink.DisposeAll(links);
                throw;
            }
        }
    }
}
