using System.Buffers;
using System.Runtime.InteropServices;
using ManagedBpf;
using ManagedBpf.Cli;
using ManagedBpf.Maps;
using ManagedBpf.RingBuffer;
using Microsoft.Win32.SafeHandles;

namespace ProcTracer;

/// <summary>
/// The seed's main(): check, load, set min_duration_ns, attach, print the header, poll until SIGINT, SIGTERM or
/// SIGHUP (or until stdout's reader goes away). Every failure ends in one line on stderr and its own status.
/// </summary>
internal static class Tracer
{
    private const string ObjectResource = "bootstrap.bpf.o";
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    public static int Run(Options options)
    {
        using var stop = new CancellationTokenSource();
        using var signals = StopSignals.Register(stop);
        Action<string>? log = options.Verbose ? line => Console.Error.WriteLine($"managedbpf: {line}") : null;
        var objectName = options.ObjectPath ?? ObjectResource;
        try
        {
            Preflight.Check(options);
            var spec = ReadSpec(options, objectName, log);
            using var loaded = BpfObject.Load(spec, new LoadOptions { Log = log, KernelBtfPath = options.BtfPath });
            using var links = loaded.AttachAll(log);
            using var ring = new RingBufferReader(Map(loaded, "rb", objectName));
            var lost = new LostEventsReport(new LostEventCounter(Map(loaded, LostEventCounter.MapName, objectName)), options.Verbose, Console.Error);
            return PrintEvents(ring, lost, stop.Token);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(Failures.Classify(e, objectName), CommandLine.ProgramName, options.Verbose, Console.Error);
        }
    }

    /// <summary>Parses the object and sets min_duration_ns, as the skeleton's rodata does before load.</summary>
    private static ObjectSpec ReadSpec(Options options, string objectName, Action<string>? log)
    {
        var spec = ObjectSpec.Parse(ReadObject(options.ObjectPath), "bootstrap", log);
        if (!spec.Variables.TryGetValue("min_duration_ns", out var minDuration))
            throw Messages.NotBootstrap(objectName, "global variable 'min_duration_ns'");
        minDuration.Set(options.MinDurationNs);
        return spec;
    }

    private static BpfMap Map(BpfObject loaded, string name, string objectName) =>
        loaded.Maps.TryGetValue(name, out var map) ? map : throw Messages.NotBootstrap(objectName, $"map '{name}'");

    /// <summary>
    /// The header, then one write per poll batch; returns when stopped or when stdout's reader is gone. Lost
    /// events are reported as they grow (with -v) and once at the end.
    /// </summary>
    private static int PrintEvents(RingBufferReader ring, LostEventsReport lost, CancellationToken stop)
    {
        // Not Console.OpenStandardOutput(): .NET's console stream swallows EPIPE, so a tracer piped into `head`
        // would never learn that its reader is gone. A FileStream over fd 1 reports it as an IOException.
        using var stdout = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        var output = new RowWriter(stdout);
        var pending = new ArrayBufferWriter<byte>(64 * 1024);
        var formatter = new EventFormatter(() => DateTime.Now);
        if (!output.TryWrite(System.Text.Encoding.ASCII.GetBytes(EventFormatter.Header)))
            return ExitCodes.Success;
        while (!stop.IsCancellationRequested)
        {
            // The token wakes the poll at once on SIGINT/SIGTERM/SIGHUP instead of letting its timeout run out.
            ring.Poll(PollTimeout, record => formatter.Write(pending, MemoryMarshal.Read<Event>(record)), stop);
            lost.Tick();
            if (pending.WrittenCount == 0)
                continue;
            if (!output.TryWrite(pending.WrittenSpan))
                break;
            pending.ResetWrittenCount();
        }
        lost.Final();
        return ExitCodes.Success;
    }

    /// <summary>The --object file, or the object compiled into the executable (nothing read from disk).</summary>
    private static byte[] ReadObject(string? path)
    {
        if (path is not null)
        {
            try
            {
                return File.ReadAllBytes(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Messages.ObjectUnreadable(path, e);
            }
        }
        using var stream = typeof(Tracer).Assembly.GetManifestResourceStream(ObjectResource)
            ?? throw new BpfException($"the executable lacks its embedded {ObjectResource}");
        var image = new byte[stream.Length];
        stream.ReadExactly(image);
        return image;
    }
}
