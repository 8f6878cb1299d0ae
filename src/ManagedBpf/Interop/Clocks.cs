namespace ManagedBpf.Interop;

/// <summary>clock_gettime(2) of the kernel's clocks (include/uapi/linux/time.h).</summary>
internal static unsafe class Clocks
{
    public const int CLOCK_REALTIME = 0, CLOCK_BOOTTIME = 7;

    /// <summary>The clock's time in nanoseconds.</summary>
    public static long Read(int clock)
    {
        Libc.Timespec time;
        if (Libc.ClockGettime(clock, &time) != 0)
            throw SyscallError.Create("clock_gettime", Libc.LastErrno, null);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }
}
