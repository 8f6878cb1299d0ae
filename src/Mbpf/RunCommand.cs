using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ManagedBpf;
using ManagedBpf.Cli;
using ManagedBpf.Kernel;
using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.PerfBuffer;
using ManagedBpf.Programs;
using ManagedBpf.RingBuffer;

namespace Mbpf;

/// <summary>
/// <c>mbpf run OBJ [--seconds N] [--attach PROGRAM=TARGET]...</c>: loads OBJ, attaches every program (where libbpf's
/// skeleton would by itself, the rest where <c>--attach</c> says), reads each iterator once, prints ring buffer
/// and perf buffer records and bpf_printk lines while it runs, and when N seconds are up or a SIGINT, SIGTERM or SIGHUP comes,
/// detaches everything and prints the global variables and the non-empty map entries. Its output, one fact a line:
/// <code>
/// attach PROGRAM: WHAT          a link made
/// skip PROGRAM: WHY             a program left unattached
/// iter PROGRAM: LINE            the iterator's output
/// running                       everything is attached
/// ring MAP: HEX                 a ring buffer record
/// perf MAP: HEX                 a perf buffer record (bpf_perf_event_output, padded to 8 bytes as the kernel pads it)
/// perf MAP: lost N              N records dropped because a CPU's buffer was full
/// printk: MESSAGE               a bpf_printk line
/// detached                      every link is gone
/// NAME = VALUE                  a global variable (.bss, .data, .rodata ...)
/// MAP[KEY] = VALUE              a map entry
/// </code>
/// </summary>
internal static class RunCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static int Run(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr)
    {
        var (path, seconds, targets) = Parse(args);
        var spec = ObjectSpec.ParseFile(path);
        foreach (var name in targets.Keys.Where(n => !spec.Programs.ContainsKey(n)))
            throw new Failure(ExitCodes.Usage, $"--attach {name}=...: the object has no program '{name}'");

        using var stop = new CancellationTokenSource();
        using var signals = new SignalStop(stop);
        if (seconds is { } limit)
            stop.CancelAfter(TimeSpan.FromSeconds(limit));
        using var loaded = BpfObject.Load(spec);
        var links = new List<(string Program, BpfLink Link)>();
        var rings = new List<(string Map, RingBufferReader Reader)>();
        var perfBuffers = new List<(string Map, PerfBufferReader Reader)>();
        PrintkReader? printk = null;
        try
        {
            foreach (var program in spec.Programs.Values.Where(p => loaded.Programs.ContainsKey(p.Name)))
            {
                var link = Attach(loaded, program, targets, out var reason);
                stdout.WriteLine(link is null ? $"skip {program.Name}: {reason}" : $"attach {program.Name}: {link}");
                if (link is not null)
                    links.Add((program.Name, link));
            }
            printk = OpenPrintk(stderr);
            foreach (var (name, map) in loaded.Maps.Where(m => m.Value.Type == MapType.RingBuf))
                rings.Add((name, new RingBufferReader(map)));
            foreach (var (name, map) in loaded.Maps.Where(m => m.Value.Type == MapType.PerfEventArray))
                perfBuffers.Add((name, new PerfBufferReader(map)));
            foreach (var (name, link) in links.Where(l => l.Link is IteratorLink))
            {
                foreach (var line in Encoding.UTF8.GetString(((IteratorLink)link).ReadAll()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                    stdout.WriteLine($"iter {name}: {line}");
            }
            stdout.WriteLine("running");
            stdout.Flush();
            while (!stop.IsCancellationRequested)
            {
                Drain(rings, perfBuffers, printk, stdout);
                stop.Token.WaitHandle.WaitOne(PollInterval);
            }
            Drain(rings, perfBuffers, printk, stdout);
        }
        finally
        {
            BpfLink.DisposeAll(links.Select(l => l.Link).ToList());
            foreach (var (_, reader) in rings)
                reader.Dispose();
            foreach (var (_, reader) in perfBuffers)
                reader.Dispose();
            printk?.Dispose();
        }
        stdout.WriteLine("detached");
        State.Write(loaded, stdout);
        return 0;
    }

    private static BpfLink? Attach(BpfObject loaded, ProgramSpec program, Dictionary<string, string> targets, out string reason)
    {
        reason = "";
        try
        {
            if (targets.TryGetValue(program.Name, out var target))
                return AttachTargets.Attach(loaded, program, target);
            return AttachPoint.Of(program, out reason) is { } point ? loaded.Programs[program.Name].Attach(point, loaded.Usdt) : null;
        }
        catch (BpfException e)
        {
            throw new BpfException($"prog '{program.Name}' ({program.SectionName}): {e.Message}", e);
        }
    }

    private static PrintkReader? OpenPrintk(TextWriter stderr)
    {
        try
        {
            return PrintkReader.Open();
        }
        catch (BpfException e)
        {
            stderr.WriteLine($"mbpf: bpf_printk lines will not be shown: {e.Message}");
            return null;
        }
    }

    private static void Drain(List<(string Map, RingBufferReader Reader)> rings, List<(string Map, PerfBufferReader Reader)> perfBuffers,
        PrintkReader? printk, TextWriter stdout)
    {
        foreach (var (name, reader) in rings)
            reader.Poll(TimeSpan.Zero, record => stdout.WriteLine($"ring {name}: {ValueText.Hex(record)}"));
        foreach (var (name, reader) in perfBuffers)
        {
            var lostBefore = reader.LostSamples;
            reader.Poll(TimeSpan.Zero, record => stdout.WriteLine($"perf {name}: {ValueText.Hex(record)}"));
            if (reader.LostSamples > lostBefore)
                stdout.WriteLine($"perf {name}: lost {reader.LostSamples - lostBefore}");
        }
        foreach (var message in printk?.ReadAvailable() ?? [])
            stdout.WriteLine($"printk: {message}");
        stdout.Flush();
    }

    private static (string Path, double? Seconds, Dictionary<string, string> Targets) Parse(IReadOnlyList<string> args)
    {
        string? path = null;
        double? seconds = null;
        var targets = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--seconds" when i + 1 < args.Count:
                    seconds = double.TryParse(args[++i], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
                        ? s : throw new Failure(ExitCodes.Usage, $"--seconds {args[i]}: a positive number of seconds");
                    break;
                case "--attach" when i + 1 < args.Count:
                    var eq = args[++i].IndexOf('=');
                    if (eq <= 0 || eq == args[i].Length - 1)
                        throw new Failure(ExitCodes.Usage, $"--attach {args[i]}: PROGRAM=TARGET");
                    targets[args[i][..eq]] = args[i][(eq + 1)..];
                    break;
                case var option when option.StartsWith('-'):
                    throw new Failure(ExitCodes.Usage, $"run: unknown option '{option}'");
                default:
                    path = path is null ? args[i] : throw new Failure(ExitCodes.Usage, $"run: one object only ('{path}', '{args[i]}')");
                    break;
            }
        }
        return (path ?? throw new Failure(ExitCodes.Usage, "run: no object"), seconds, targets);
    }

    /// <summary>
    /// SIGINT, SIGTERM and SIGHUP end the run (and so detach) instead of the process; SIGINT and SIGTERM even when
    /// ignored on entry (`mbpf run ... &amp;` from a script), as ProcTracer's and the C examples' signal() handlers.
    /// </summary>
    private sealed class SignalStop : IDisposable
    {
        private readonly PosixSignalRegistration[] _registrations;

        public SignalStop(CancellationTokenSource stop)
        {
            // Before the registrations: .NET reads each disposition when it first installs its handler.
            SignalDisposition.RestoreIfIgnored(PosixSignal.SIGINT);
            SignalDisposition.RestoreIfIgnored(PosixSignal.SIGTERM);
            _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(signal =>
                PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    stop.Cancel();
                }))];
        }

        public void Dispose()
        {
            foreach (var registration in _registrations)
                registration.Dispose();
        }
    }
}
