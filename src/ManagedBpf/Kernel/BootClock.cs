using ManagedBpf.Interop;

namespace ManagedBpf.Kernel;

/// <summary>
/// CLOCK_BOOTTIME: nanoseconds since boot, suspend included. It is the clock of bpf_ktime_get_boot_ns() (5.8+) and of
/// task_struct.start_boottime (5.5+), so a BPF program's timestamps become wall-clock times through
/// <see cref="ToUnixTimeNanoseconds"/>. (bpf_ktime_get_ns() is CLOCK_MONOTONIC, which stops in suspend.)
/// </summary>
public static class BootClock
{
    /// <summary>Nanoseconds since boot now.</summary>
    public static long Now => Clocks.Read(Clocks.CLOCK_BOOTTIME);

    /// <summary>
    /// CLOCK_REALTIME minus CLOCK_BOOTTIME now, in nanoseconds: what turns a boot-clock time into nanoseconds since the
    /// Unix epoch. It moves when the wall clock is set (or slewed by NTP), so take it again from time to time.
    /// </summary>
    public static long UnixEpochOffset()
    {
        // Realtime read between two boot-clock reads; the midpoint halves the error a preemption would add.
        var before = Clocks.Read(Clocks.CLOCK_BOOTTIME);
        var realtime = Clocks.Read(Clocks.CLOCK_REALTIME);
        var after = Clocks.Read(Clocks.CLOCK_BOOTTIME);
        return realtime - (before + (after - before) / 2);
    }

    /// <summary>A boot-clock time as nanoseconds since the Unix epoch, with an offset from <see cref="UnixEpochOffset"/>.</summary>
    public static long ToUnixTimeNanoseconds(ulong bootNanoseconds, long unixEpochOffset) => (long)bootNanoseconds + unixEpochOffset;
}
