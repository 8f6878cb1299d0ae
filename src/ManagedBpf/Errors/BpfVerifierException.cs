namespace ManagedBpf;

/// <summary>
/// The verifier rejected a program. <see cref="Exception.Message"/> shows the last lines of the log (where the
/// verifier states its reason); <see cref="Log"/> and <see cref="ToString"/> keep all of it.
/// </summary>
public sealed class BpfVerifierException : BpfSyscallException
{
    private const int LinesInMessage = 2;

    public BpfVerifierException(string programName, int errno, string log, string? context = null)
        : base("BPF_PROG_LOAD", errno, programName, Summarize(log, context))
    {
        ProgramName = programName;
        Log = log;
        LogLines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The rejected program.</summary>
    public string ProgramName { get; }

    /// <summary>The complete verifier log as the kernel wrote it.</summary>
    public string Log { get; }

    /// <summary>The log split into non-empty lines.</summary>
    public IReadOnlyList<string> LogLines { get; }

    public override string ToString() => $"{base.ToString()}{Environment.NewLine}verifier log:{Environment.NewLine}{Log}";

    private static string Summarize(string log, string? context)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = lines.Skip(Math.Max(0, lines.Length - LinesInMessage));
        var omitted = lines.Length > LinesInMessage ? $" ({lines.Length - LinesInMessage} line(s) omitted)" : "";
        var summary = lines.Length == 0 ? "empty verifier log" : string.Join(" | ", tail) + omitted;
        return context is null ? summary : $"{context}; {summary}";
    }
}
