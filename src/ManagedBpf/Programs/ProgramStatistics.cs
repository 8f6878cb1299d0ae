namespace ManagedBpf.Programs;

/// <summary>
/// How often a program ran and for how long (<c>struct bpf_prog_info</c> run_cnt, run_time_ns, recursion_misses).
/// The kernel counts only while run-time statistics are on: <see cref="RunTimeStatistics.Enable"/> (5.8+), or the
/// <c>kernel.bpf_stats_enabled</c> sysctl; the counts survive in between and are never reset.
/// </summary>
/// <param name="RunCount">Runs counted (run_cnt).</param>
/// <param name="RunTimeNanoseconds">Their total time in nanoseconds (run_time_ns; each run is timed with sched_clock).</param>
/// <param name="RecursionMisses">Runs skipped because the program was already running on that CPU (5.12+).</param>
public readonly record struct ProgramStatistics(ulong RunCount, ulong RunTimeNanoseconds, ulong RecursionMisses)
{
    /// <summary>The mean time of one run in nanoseconds (programs often run in tens of them), or 0 before any run was counted.</summary>
    public double AverageRunTimeNanoseconds => RunCount == 0 ? 0 : (double)RunTimeNanoseconds / RunCount;

    /// <summary>The counts gathered since <paramref name="earlier"/> was read.</summary>
    public ProgramStatistics Since(ProgramStatistics earlier) =>
        new(RunCount - earlier.RunCount, RunTimeNanoseconds - earlier.RunTimeNanoseconds, RecursionMisses - earlier.RecursionMisses);
}
