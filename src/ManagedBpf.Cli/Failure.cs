namespace ManagedBpf.Cli;

/// <summary>A failure a tool reports: its exit status, the one line for stderr, and details for -v.</summary>
internal sealed class Failure(int exitCode, string message, string? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>Printed after the message only with -v (the whole verifier log, a stack trace).</summary>
    public string? Details { get; } = details;
}
