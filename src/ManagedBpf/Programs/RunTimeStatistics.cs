using ManagedBpf.Interop;

namespace ManagedBpf.Programs;

/// <summary>
/// BPF_ENABLE_STATS with BPF_STATS_RUN_TIME (5.8+): while any such object lives, the kernel counts the runs and run
/// time of every BPF program (<see cref="BpfProgram.GetStatistics"/>). The kernel keeps one switch for the whole
/// system, turned on by the first holder and off when the last fd closes (bpf_stats_release), so this costs every
/// program a clock read per run only while someone asks. Disposing closes the fd.
/// </summary>
public sealed class RunTimeStatistics : IDisposable
{
    private readonly SafeFd _fd;

    private RunTimeStatistics(SafeFd fd) => _fd = fd;

    /// <summary>Turns the counting on until <see cref="Dispose"/>. Needs CAP_SYS_ADMIN.</summary>
    /// <exception cref="BpfSyscallException">EPERM without CAP_SYS_ADMIN; EINVAL before 5.8.</exception>
    public static RunTimeStatistics Enable()
    {
        var attr = new EnableStatsAttr { Type = EnableStatsAttr.StatsRunTime };
        var result = BpfSyscall.Invoke(BpfCommand.EnableStats, ref attr, "run-time statistics");
        return new RunTimeStatistics(SafeFd.FromRaw((int)result, "BPF_ENABLE_STATS", "run-time statistics"));
    }

    /// <summary>Closes the fd; the kernel stops counting when no other holder remains.</summary>
    public void Dispose() => _fd.Dispose();
}
