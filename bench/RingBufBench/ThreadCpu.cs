using System.Runtime.InteropServices;

namespace RingBufBench;

/// <summary>
/// Pinning and CPU time of the calling thread, for the live benchmark. Benchmark-only: the library's own native calls
/// stay in src/ManagedBpf/Interop.
/// </summary>
internal static partial class ThreadCpu
{
    /// <summary>sched_setaffinity(0, ...): pins the calling thread to <paramref name="cpu"/>.</summary>
    public static void Pin(int cpu)
    {
        Span<ulong> mask = stackalloc ulong[16];
        mask.Clear();
        mask[cpu / 64] = 1ul << (cpu % 64);
        if (SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), ref MemoryMarshal.GetReference(mask)) != 0)
            throw new InvalidOperationException($"sched_setaffinity failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Nanoseconds the calling thread has run (first field of /proc/thread-self/schedstat).</summary>
    public static double Nanoseconds() =>
        double.Parse(File.ReadAllText("/proc/thread-self/schedstat").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static partial int SchedSetAffinity(int pid, nuint size, ref ulong mask);
}
