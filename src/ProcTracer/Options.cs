namespace ProcTracer;

/// <summary>What the command line asked for.</summary>
internal sealed record Options(bool Verbose, long MinDurationMs)
{
    public ulong MinDurationNs => (ulong)MinDurationMs * 1_000_000UL;
}

/// <summary>The outcome of parsing: run with options, or exit at once with text for stdout/stderr and a status.</summary>
internal sealed record ParseResult(Options? Options, int ExitCode, string StandardOutput, string StandardError);
