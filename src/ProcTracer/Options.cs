using ProcTracer.Lifecycle;

namespace ProcTracer;

/// <summary>What the command line asked for.</summary>
/// <param name="Verbose">-v: the loader's log on stderr.</param>
/// <param name="MinDurationMs">-d: only exits of processes that lived this long (and no exec rows).</param>
/// <param name="BtfPath">--btf: the kernel BTF for CO-RE; null for /sys/kernel/btf/vmlinux.</param>
/// <param name="ObjectPath">--object: a BPF object to load instead of the embedded one.</param>
internal sealed record Options(bool Verbose, long MinDurationMs, string? BtfPath = null, string? ObjectPath = null)
{
    public const uint DefaultMaxArgs = 256, DefaultMaxArgSize = 4096;

    /// <summary>No argument is longer than MAX_ARG_STRLEN (fs/exec.c): a larger --max-arg-size means the same.</summary>
    public const uint MaxArgSizeLimit = 128 * 1024;

    public ulong MinDurationNs => (ulong)MinDurationMs * 1_000_000UL;

    /// <summary>--json: JSON lines instead of rows.</summary>
    public bool Json { get; init; }

    /// <summary>--extended: KEY=VALUE fields after bootstrap's columns.</summary>
    public bool Extended { get; init; }

    /// <summary>-x, --failed: failed execs too.</summary>
    public bool Failed { get; init; }

    /// <summary>--threads: each thread's end too.</summary>
    public bool Threads { get; init; }

    /// <summary>--pid: only this process (with <see cref="Tree"/>, and its descendants).</summary>
    public uint? Pid { get; init; }

    public bool Tree { get; init; }

    /// <summary>--uid: a user name or a uid, resolved when the tracer starts.</summary>
    public string? User { get; init; }

    /// <summary>--comm: the first 15 bytes count, as the kernel keeps them.</summary>
    public string? Comm { get; init; }

    /// <summary>--cgroup: a cgroup v2 directory, or a path below the cgroup2 mount.</summary>
    public string? Cgroup { get; init; }

    /// <summary>--timestamp; null for the default of the format (<see cref="EffectiveTimestamp"/>).</summary>
    public TimestampSource? Timestamp { get; init; }

    /// <summary>--summary.</summary>
    public bool Summary { get; init; }

    public uint? MaxArgs { get; init; }

    public uint? MaxArgSize { get; init; }

    /// <summary>--otlp: the OTLP/HTTP base endpoint (or <c>env</c>) to send every record to as a log record.</summary>
    public string? Otlp { get; init; }

    /// <summary>--otlp-queue: log records held for the collector at most.</summary>
    public int OtlpQueue { get; init; } = ProcTracer.Otlp.OtlpQueue.DefaultCapacity;

    /// <summary>--otlp-gzip: gzip the requests.</summary>
    public bool OtlpGzip { get; init; }

    /// <summary>--metrics: the ADDR:PORT that serves Prometheus's /metrics.</summary>
    public string? Metrics { get; init; }

    /// <summary>The event's time with --json, the print time in rows (as bootstrap), unless --timestamp says.</summary>
    public TimestampSource EffectiveTimestamp => Timestamp ?? (Json ? TimestampSource.Event : TimestampSource.Print);

    /// <summary>
    /// Whether anything beyond bootstrap's output is asked for: then lifecycle.bpf.o runs instead of bootstrap.bpf.o,
    /// whose rows stay the default byte for byte.
    /// </summary>
    public bool Lifecycle => Json || Extended || Failed || Threads || Pid is not null || User is not null || Comm is not null
        || Cgroup is not null || EffectiveTimestamp == TimestampSource.Event || Summary || MaxArgs is not null || MaxArgSize is not null
        || Otlp is not null || Metrics is not null;

    /// <summary>Whether the output shows arguments, which are read only then.</summary>
    public bool ShowsArguments => Json || Extended;
}

/// <summary>The outcome of parsing: run with options, or exit at once with text for stdout/stderr and a status.</summary>
internal sealed record ParseResult(Options? Options, int ExitCode, string StandardOutput, string StandardError);
