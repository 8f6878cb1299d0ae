using ManagedBpf.Cli;

namespace ProcTracer;

/// <summary>
/// Parses arguments the way the seed's argp parser does: the same options (-d/--duration, -v/--verbose,
/// -?/--help, --usage, -V/--version), getopt's clustering (-vd100), unambiguous long-option prefixes
/// (--dur=5), strtol's reading of the duration, and argp's messages and exit status 64 (EX_USAGE).
/// </summary>
internal static class CommandLine
{
    public const string ProgramName = "proctracer";

    private static readonly string[] LongOptions = ["duration", "verbose", "help", "usage", "version", "btf", "object"];

    /// <summary>Long options that take an argument (as --name=VALUE or --name VALUE).</summary>
    private static readonly string[] WithArgument = ["duration", "btf", "object"];

    private static readonly string Try = $"Try `{ProgramName} --help' or `{ProgramName} --usage' for more information.\n";

    public static string Version => $"{ProgramName} {typeof(CommandLine).Assembly.GetName().Version?.ToString(3) ?? "0.0"}";

    public static readonly string Help =
        $"Usage: {ProgramName} [OPTION...]\n" +
        "BPF bootstrap demo application, on ManagedBpf.\n" +
        "\n" +
        "It traces process start and exits and shows associated \n" +
        "information (filename, process duration, PID and PPID, etc).\n" +
        "\n" +
        $"USAGE: ./{ProgramName} [-d <min-duration-ms>] [-v]\n" +
        "\n" +
        "  -d, --duration=DURATION-MS Minimum process duration (ms) to report\n" +
        "  -v, --verbose              Verbose debug output\n" +
        "      --btf=FILE             Kernel BTF for CO-RE (default /sys/kernel/btf/vmlinux)\n" +
        "      --object=FILE          Load this BPF object instead of the built-in one\n" +
        "  -?, --help                 Give this help list\n" +
        "      --usage                Give a short usage message\n" +
        "  -V, --version              Print program version\n" +
        "\n" +
        "Mandatory or optional arguments to long options are also mandatory or optional\n" +
        "for any corresponding short options.\n" +
        "\n" +
        "Report bugs to <bpf@vger.kernel.org>.\n";

    public static readonly string Usage =
        $"Usage: {ProgramName} [-v?V] [-d DURATION-MS] [--duration=DURATION-MS] [--verbose]\n" +
        "            [--btf=FILE] [--object=FILE] [--help] [--usage] [--version]\n";

    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        var verbose = false;
        long duration = 0;
        string? btf = null, objectPath = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
                return args.Count > i + 1 ? ShortUsage("") : Run(verbose, duration, btf, objectPath);
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var equals = arg.IndexOf('=');
                var name = equals >= 0 ? arg[2..equals] : arg[2..];
                var matches = LongOptions.Where(o => o.StartsWith(name, StringComparison.Ordinal)).ToArray();
                var exact = LongOptions.FirstOrDefault(o => o == name);
                if (exact is null && matches.Length > 1)
                    return Fail($"{ProgramName}: option '{arg}' is ambiguous; possibilities:{string.Concat(matches.Select(m => $" '--{m}'"))}\n");
                if (exact is null && matches.Length == 0)
                    return Fail($"{ProgramName}: unrecognized option '{arg}'\n");
                var option = exact ?? matches[0];
                if (!WithArgument.Contains(option) && equals >= 0)
                    return Fail($"{ProgramName}: option '--{option}' doesn't allow an argument\n");
                var value = "";
                if (WithArgument.Contains(option))
                {
                    if (equals >= 0)
                        value = arg[(equals + 1)..];
                    else if (i + 1 < args.Count)
                        value = args[++i];
                    else
                        return Fail($"{ProgramName}: option '--{option}' requires an argument\n");
                }
                switch (option)
                {
                    case "duration":
                        if (!TryDuration(value, out duration))
                            return ShortUsage($"Invalid duration: {value}\n");
                        break;
                    case "btf": btf = value; break;
                    case "object": objectPath = value; break;
                    case "verbose": verbose = true; break;
                    case "help": return new(null, 0, Help, "");
                    case "usage": return new(null, 0, Usage, "");
                    case "version": return new(null, 0, Version + "\n", "");
                }
                continue;
            }
            if (arg.Length < 2 || arg[0] != '-')
                return ShortUsage("");
            for (var j = 1; j < arg.Length; j++)
            {
                switch (arg[j])
                {
                    case 'v': verbose = true; break;
                    case '?': return new(null, 0, Help, "");
                    case 'V': return new(null, 0, Version + "\n", "");
                    case 'd':
                        string value;
                        if (j + 1 < arg.Length)
                            value = arg[(j + 1)..];
                        else if (i + 1 < args.Count)
                            value = args[++i];
                        else
                            return Fail($"{ProgramName}: option requires an argument -- 'd'\n");
                        if (!TryDuration(value, out duration))
                            return ShortUsage($"Invalid duration: {value}\n");
                        j = arg.Length;
                        break;
                    default:
                        return Fail($"{ProgramName}: invalid option -- '{arg[j]}'\n");
                }
            }
        }
        return Run(verbose, duration, btf, objectPath);
    }

    /// <summary>
    /// strtol(arg, NULL, 10) as the seed uses it: leading blanks, a sign, then as many digits as there are
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

    private static ParseResult Run(bool verbose, long duration, string? btf, string? objectPath) =>
        new(new Options(verbose, duration, btf, objectPath), 0, "", "");

    private static ParseResult ShortUsage(string reason) => new(null, ExitCodes.Usage, "", $"{reason}Usage: {ProgramName} [OPTION...]\n{Try}");

    private static ParseResult Fail(string message) => new(null, ExitCodes.Usage, "", message + Try);
}
