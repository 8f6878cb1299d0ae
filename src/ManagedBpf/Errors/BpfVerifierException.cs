namespace ManagedBpf;

/// <summary>
/// The kernel's verifier rejected a program (BPF_PROG_LOAD), or its BTF verifier rejected BTF (BPF_BTF_LOAD).
/// <see cref="Exception.Message"/> shows the last lines of the log (where the verifier states its reason);
/// <see cref="Log"/> and <see cref="ToString"/> keep all of it. <see cref="BpfSyscallException.ObjectName"/> names the
/// program (or <c>btf</c>).
/// </summary>
public sealed class BpfVerifierException : BpfSyscallException
{
    private const int LinesInMessage = 2;

    public BpfVerifierException(string operation, string objectName, Errno errno, string log, string? context = null, Exception? inner = null)
        : base(operation, errno, objectName, Summarize(log, context), inner)
    {
        Log = log;
        LogLines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The complete log as the kernel wrote it.</summary>
    public string Log { get; }

    /// <summary>The log split into non-empty lines.</summary>
    public IReadOnlyList<string> LogLines { get; }

    public override string ToString() => $"{base.ToString()}{Environment.NewLine}log:{Environment.NewLine}{Log}";

    private static string Summarize(string log, string? context)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var tail = lines.Skip(Math.Max(0, lines.Length - LinesInMessage));
        var omitted = lines.Length > LinesInMessage ? $" ({lines.Length - LinesInMessage} line(s) omitted)" : "";
        var summary = lines.Length == 0 ? "empty log" : string.Join(" | ", tail) + omitted;
        return context is null ? summary : $"{context}; {summary}";
    }
}
