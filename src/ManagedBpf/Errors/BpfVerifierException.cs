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

    /// <summary>The verifier (program or BTF) refused <paramref name="objectName"/>; the message has the log's last lines.</summary>
    /// <param name="operation">BPF_PROG_LOAD or BPF_BTF_LOAD.</param>
    /// <param name="objectName">The program (or "btf").</param>
    /// <param name="errno">The errno of the refusal.</param>
    /// <param name="log">The verifier's whole log.</param>
    /// <param name="context">What the loader adds (a CO-RE failure it poisoned), if any.</param>
    /// <param name="inner">The cause, if any.</param>
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

    /// <inheritdoc/>
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
