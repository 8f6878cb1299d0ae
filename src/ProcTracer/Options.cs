namespace ProcTracer;

/// <summary>What the command line asked for.</summary>
/// <param name="Verbose"></param>
/// <param name="MinDurationMs"></param>
/// <param name="BtfPath">--btf: the kernel BTF for CO-RE; null for /sys/kernel/btf/vmlinux.</param>
/// <param name="ObjectPath">--object: a BPF object to load instead of the embedded bootstrap.bpf.o.</param>
internal sealed record Options(bool Verbose, long MinDurationMs, string? BtfPath = null, string? ObjectPath = null)
{
    public ulong MinDurationNs => (ulong)MinDurationMs * 1_000_000UL;
}

/// <summary>The outcome of parsing: run with options, or exit at once with text for stdout/stderr and a status.</summary>
internal sealed record ParseResult(Options? Options, int ExitCode, string StandardOutput, string StandardError);
