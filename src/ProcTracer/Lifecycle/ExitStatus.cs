namespace ProcTracer.Lifecycle;

/// <summary>
/// A wait(2) status as the kernel builds it (kernel/exit.c, include/uapi/linux/wait.h): the exit code in bits 8-15
/// when the process exited, else the terminating signal in bits 0-6 with bit 7 set when it dumped core.
/// </summary>
internal readonly record struct ExitStatus(uint Raw)
{
    /// <summary>Ended by a signal (WIFSIGNALED).</summary>
    public bool Signaled => (Raw & 0x7f) != 0;

    /// <summary>WEXITSTATUS: what bootstrap prints as the exit code (0 for a process killed by a signal).</summary>
    public uint Code => (Raw >> 8) & 0xff;

    /// <summary>WTERMSIG, 0 when the process exited.</summary>
    public int Signal => (int)(Raw & 0x7f);

    /// <summary>WCOREDUMP.</summary>
    public bool CoreDumped => Signaled && (Raw & 0x80) != 0;

    /// <summary>The status as a shell reports it in $?: the exit code, or 128 + the signal.</summary>
    public uint ShellCode => Signaled ? 128 + (uint)Signal : Code;
}

/// <summary>Linux signal names (asm-generic/signal.h numbering, x86 and arm64 alike).</summary>
internal static class SignalNames
{
    private static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1",
        "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
        "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
        "SIGSYS",
    ];

    /// <summary>SIGKILL, SIGRTMIN+3 (real-time signals from 34), or the number for anything else.</summary>
    public static string Name(int signal) => signal switch
    {
        > 0 and < 32 => Names[signal],
        >= 34 and <= 64 => signal == 34 ? "SIGRTMIN" : $"SIGRTMIN+{signal - 34}",
        _ => $"signal {signal}",
    };
}
