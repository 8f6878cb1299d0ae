using System.Globalization;
using System.Text;
using ManagedBpf.Cli;
using ProcTracer.Lifecycle;
using ProcTracer.Metrics;
using ProcTracer.Otlp;

namespace ProcTracer;

/// <summary>
/// Parses arguments the way bootstrap's argp parser does: its options (-d/--duration, -v/--verbose, -?/--help,
/// --usage, -V/--version) and ours, getopt's clustering (-vd100), unambiguous long-option prefixes (--dur=5),
/// strtol's reading of the duration, and argp's messages and exit status 64 (EX_USAGE). The help and usage texts
/// are laid out from the option table as argp lays them out (options at column 2, their text at column 29).
/// </summary>
internal static class CommandLine
{
    public const string ProgramName = "proctracer";

    private const int DocColumn = 29;
    private const int UsageWidth = 79;

    private static readonly string Try = $"Try `{ProgramName} --help' or `{ProgramName} --usage' for more information.\n";

    /// <summary>The options, in the order --help lists them; a null <see cref="Option.Long"/> is a group heading.</summary>
    private static readonly Option[] Table =
    [
        new("duration", 'd', "DURATION-MS", "Minimum process duration (ms) to report", (o, v) => o with { MinDurationMs = Duration(v) }),
        new("verbose", 'v', null, "Verbose debug output", (o, _) => o with { Verbose = true }),
        Heading("Beyond bootstrap (each of these traces with lifecycle.bpf.o):"),
        new("json", null, null, "One JSON object per line (schema in README)", (o, _) => o with { Json = true }),
        new("extended", null, null, "Append exe, user, cgroup, ids, args to rows", (o, _) => o with { Extended = true }),
        new("failed", 'x', null, "Report failed execs (execve, execveat) too", (o, _) => o with { Failed = true }),
        new("threads", null, null, "Report the end of every thread too", (o, _) => o with { Threads = true }),
        new("timestamp", null, "WHEN", "event: when it happened (--json default); print", (o, v) => o with { Timestamp = Timestamp(v) }),
        new("summary", null, null, "At exit, sum up commands, exits, lifetimes", (o, _) => o with { Summary = true }),
        new("max-args", null, "N", $"Arguments read per exec (default {Options.DefaultMaxArgs})", (o, v) => o with { MaxArgs = Count(v, "--max-args") }),
        new("max-arg-size", null, "BYTES", $"Bytes read per argument (default {Options.DefaultMaxArgSize})",
            (o, v) => o with { MaxArgSize = Math.Min(Count(v, "--max-arg-size"), Options.MaxArgSizeLimit) }),
        Heading("Filters, applied in the kernel:"),
        new("pid", null, "PID", "Only this process", (o, v) => o with { Pid = Pid(v) }),
        new("tree", null, null, "With --pid, its descendants too", (o, _) => o with { Tree = true }),
        new("uid", null, "USER", "Only processes of this real user (name or uid)", (o, v) => o with { User = NonEmpty(v, "user") }),
        new("comm", null, "NAME", "Only processes of this comm (15 bytes)", (o, v) => o with { Comm = NonEmpty(v, "comm") }),
        new("cgroup", null, "PATH", "Only processes in this cgroup v2 or below it", (o, v) => o with { Cgroup = NonEmpty(v, "cgroup") }),
        Heading("Fleet agent (docs/fleet.md):"),
        new("otlp", null, "URL", "Send events as OTLP/HTTP logs to URL/v1/logs", (o, v) => o with { Otlp = Otlp(v) }),
        new("otlp-queue", null, "N", $"Log records held for it (default {OtlpQueue.DefaultCapacity})",
            (o, v) => o with { OtlpQueue = Count(v, "--otlp-queue") is > 0 and <= int.MaxValue and var n ? (int)n : throw new UsageException($"Invalid --otlp-queue: {v}\n") }),
        new("otlp-gzip", null, null, "Compress OTLP requests with gzip", (o, _) => o with { OtlpGzip = true }),
        new("metrics", null, "ADDR:PORT", "Serve Prometheus metrics at /metrics", (o, v) => o with { Metrics = Metrics(v) }),
        Heading("Loading:"),
        new("btf", null, "FILE", "Kernel BTF for CO-RE (default /sys/kernel/btf/vmlinux)", (o, v) => o with { BtfPath = v }),
        new("object", null, "FILE", "Load this BPF object instead of the built-in one", (o, v) => o with { ObjectPath = v }),
        Heading(""),
        new("help", '?', null, "Give this help list", null),
        new("usage", null, null, "Give a short usage message", null),
        new("version", 'V', null, "Print program version", null),
    ];

    public static string Version => $"{ProgramName} {VersionNumber}";

    /// <summary>The tracer's version (ProcTracer.csproj's), as records and metrics carry it.</summary>
    public static string VersionNumber => typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0";

    public static readonly string Help =
        $"Usage: {ProgramName} [OPTION...]\n" +
        "BPF bootstrap demo application, on ManagedBpf.\n" +
        "\n" +
        "It traces process start and exits and shows associated \n" +
        "information (filename, process duration, PID and PPID, etc).\n" +
        "\n" +
        $"USAGE: ./{ProgramName} [-d <min-duration-ms>] [-v]\n" +
        "\n" +
        OptionList() +
        "\n" +
        "Mandatory or optional arguments to long options are also mandatory or optional\n" +
        "for any corresponding short options.\n" +
        "\n" +
        "Report bugs to <bpf@vger.kernel.org>.\n";

    public static readonly string Usage = UsageText();

    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var options = new Options(false, 0);
        try
        {
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                if (arg == "--")
                    return args.Count > i + 1 ? ShortUsage("") : Check(options);
                var (result, next) = arg.StartsWith("--", StringComparison.Ordinal)
                    ? LongOption(arg, args, i, ref options)
                    : arg.Length >= 2 && arg[0] == '-' ? ShortOptions(arg, args, i, ref options) : (ShortUsage(""), i);
                if (result is not null)
                    return result;
                i = next;
            }
        }
        catch (UsageException e)
        {
            return ShortUsage(e.Message);
        }
        return Check(options);
    }

    /// <summary>
    /// strtol(arg, NULL, 10) as bootstrap uses it: leading blanks, a sign, then as many digits as there are
    /// (trailing text is ignored); overflow (ERANGE) and values ≤ 0 are invalid.
    /// </summary>
    internal static bool TryDuration(string text, out long value)
    {
        value = 0;
        var i = 0;
        while (i < text.Length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
            i++;
        var negative = false;
        if (i < text.Length && text[i] is '+' or '-')
            negative = text[i++] == '-';
        var result = 0L;
        for (; i < text.Length && char.IsAsciiDigit(text[i]); i++)
        {
            if (result > (long.MaxValue - (text[i] - '0')) / 10)
                return false;
            result = result * 10 + (text[i] - '0');
        }
        value = negative ? -result : result;
        // The duration is multiplied by 10^6 into a u64 of nanoseconds: keep that product meaningful.
        return value > 0 && value <= long.MaxValue / 1_000_000;
    }

    /// <summary>--name, --name=VALUE, --name VALUE, or an unambiguous prefix of a name.</summary>
    private static (ParseResult? Result, int Next) LongOption(string arg, IReadOnlyList<string> args, int i, ref Options options)
    {
        var equals = arg.IndexOf('=');
        var name = equals >= 0 ? arg[2..equals] : arg[2..];
        var named = Table.Where(o => o.Long is not null).ToArray();
        var matches = named.Where(o => o.Long!.StartsWith(name, StringComparison.Ordinal)).ToArray();
        var option = named.FirstOrDefault(o => o.Long == name);
        if (option is null && matches.Length > 1)
            return (Fail($"{ProgramName}: option '{arg}' is ambiguous; possibilities:{string.Concat(matches.Select(m => $" '--{m.Long}'"))}\n"), i);
        if (option is null && matches.Length == 0)
            return (Fail($"{ProgramName}: unrecognized option '{arg}'\n"), i);
        option ??= matches[0];
        if (option.Argument is null && equals >= 0)
            return (Fail($"{ProgramName}: option '--{option.Long}' doesn't allow an argument\n"), i);
        var value = "";
        if (option.Argument is not null)
        {
            if (equals >= 0)
                value = arg[(equals + 1)..];
            else if (i + 1 < args.Count)
                value = args[++i];
            else
                return (Fail($"{ProgramName}: option '--{option.Long}' requires an argument\n"), i);
        }
        return (Apply(option, value, ref options), i);
    }

    /// <summary>A cluster of short options (-vx), the last of which may take the rest or the next word as its value.</summary>
    private static (ParseResult? Result, int Next) ShortOptions(string arg, IReadOnlyList<string> args, int i, ref Options options)
    {
        for (var j = 1; j < arg.Length; j++)
        {
            var option = Table.FirstOrDefault(o => o.Short == arg[j]);
            if (option is null)
                return (Fail($"{ProgramName}: invalid option -- '{arg[j]}'\n"), i);
            var value = "";
            if (option.Argument is not null)
            {
                if (j + 1 < arg.Length)
                    value = arg[(j + 1)..];
                else if (i + 1 < args.Count)
                    value = args[++i];
                else
                    return (Fail($"{ProgramName}: option requires an argument -- '{arg[j]}'\n"), i);
                j = arg.Length;
            }
            if (Apply(option, value, ref options) is { } result)
                return (result, i);
        }
        return (null, i);
    }

    /// <summary>Sets what the option sets, or answers at once (--help, --usage, --version).</summary>
    private static ParseResult? Apply(Option option, string value, ref Options options)
    {
        if (option.Set is not null)
        {
            options = option.Set(options, value);
            return null;
        }
        return option.Long switch
        {
            "help" => new(null, 0, Help, ""),
            "usage" => new(null, 0, Usage, ""),
            _ => new(null, 0, Version + "\n", ""),
        };
    }

    /// <summary>What no single option can check.</summary>
    private static ParseResult Check(Options options) =>
        options.Tree && options.Pid is null ? ShortUsage("--tree needs --pid\n") : new(options, 0, "", "");

    private static long Duration(string value) => TryDuration(value, out var duration) ? duration : throw new UsageException($"Invalid duration: {value}\n");

    private static uint Pid(string value) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0 ? pid : throw new UsageException($"Invalid PID: {value}\n");

    private static uint Count(string value, string option) =>
        uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : throw new UsageException($"Invalid {option}: {value}\n");

    private static TimestampSource Timestamp(string value) => value switch
    {
        "event" => TimestampSource.Event,
        "print" => TimestampSource.Print,
        _ => throw new UsageException($"Invalid --timestamp: {value} (event or print)\n"),
    };

    /// <summary>A URL the exporter can use, checked now so that a typo is a usage error rather than a silent outage.</summary>
    private static string Otlp(string value)
    {
        try
        {
            OtlpSettings.Resolve(value, false, 1, Environment.GetEnvironmentVariable);
            return value;
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message + "\n");
        }
    }

    private static string Metrics(string value) =>
        MetricsServer.TryParse(value, out _) ? value : throw new UsageException($"Invalid --metrics: {value} (ADDR:PORT, e.g. 127.0.0.1:9464)\n");

    private static string NonEmpty(string value, string what) => value.Length > 0 ? value : throw new UsageException($"Invalid {what}: empty\n");

    private static ParseResult ShortUsage(string reason) => new(null, ExitCodes.Usage, "", $"{reason}Usage: {ProgramName} [OPTION...]\n{Try}");

    private static ParseResult Fail(string message) => new(null, ExitCodes.Usage, "", message + Try);

    /// <summary>The option lines of --help: a heading indented by one, each option at column 2 and its text at 29 (on
    /// the next line when the option is longer), as argp-help.c lays them out.</summary>
    private static string OptionList()
    {
        var text = new StringBuilder();
        foreach (var option in Table)
        {
            if (option.Long is null)
            {
                text.Append(option.Doc.Length > 0 ? $"\n {option.Doc}\n" : "\n");
                continue;
            }
            var head = $"  {(option.Short is { } s ? $"-{s}, " : "    ")}--{option.Long}{(option.Argument is { } a ? $"={a}" : "")}";
            text.Append(head.Length < DocColumn ? head.PadRight(DocColumn) : head + "\n" + new string(' ', DocColumn));
            text.Append(option.Doc).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>argp's --usage: short flags together, short options with arguments, then every long option, wrapped
    /// at 79 columns with continuation lines indented by 12.</summary>
    private static string UsageText()
    {
        var options = Table.Where(o => o.Long is not null).ToArray();
        var words = new List<string> { $"[-{string.Concat(options.Where(o => o.Short is not null && o.Argument is null).Select(o => o.Short))}]" };
        words.AddRange(options.Where(o => o.Short is not null && o.Argument is not null).Select(o => $"[-{o.Short} {o.Argument}]"));
        words.AddRange(options.Select(o => o.Argument is null ? $"[--{o.Long}]" : $"[--{o.Long}={o.Argument}]"));
        var text = new StringBuilder($"Usage: {ProgramName}");
        var line = text.Length;
        foreach (var word in words)
        {
            if (line + 1 + word.Length > UsageWidth)
            {
                text.Append('\n').Append(' ', 11);
                line = 11;
            }
            text.Append(' ').Append(word);
            line += 1 + word.Length;
        }
        return text.Append('\n').ToString();
    }

    private static Option Heading(string text) => new(null, null, null, text, null);

    /// <summary>One option: its long and short names, the name of its argument (null for a flag), its --help text, and
    /// what it sets (null for the options that answer at once).</summary>
    private sealed record Option(string? Long, char? Short, string? Argument, string Doc, Func<Options, string, Options>? Set);

    /// <summary>An invalid option value: argp prints the message, then the short usage.</summary>
    private sealed class UsageException(string message) : Exception(message);
}
