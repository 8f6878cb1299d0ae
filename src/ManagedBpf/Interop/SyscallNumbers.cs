using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>System call numbers that libc has no wrapper for (arch/*/include/uapi/asm/unistd*.h).</summary>
internal static class SyscallNumbers
{
    /// <summary>__NR_bpf: 321 on x86_64, 280 on arm64 (asm-generic table).</summary>
    public static readonly long Bpf = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 321,
        Architecture.Arm64 => 280,
        var other => throw new PlatformNotSupportedException($"no bpf(2) syscall number known for {other}"),
    };

    /// <summary>__NR_perf_event_open: 298 on x86_64, 241 on arm64.</summary>
    public static readonly long PerfEventOpen = RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 298,
        Architecture.Arm64 => 241,
        var other => throw new PlatformNotSupportedException($"no perf_event_open(2) syscall number known for {other}"),
    };
}
