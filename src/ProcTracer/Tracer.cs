using ManagedBpf;
using ManagedBpf.Cli;
using ManagedBpf.Maps;
using ManagedBpf.RingBuffer;
using ProcTracer.Bootstrap;
using ProcTracer.Lifecycle;
using ProcTracer.Output;

namespace ProcTracer;

/// <summary>
/// Bootstrap's main(): check, load, set the globals, attach, print the header, poll until SIGINT, SIGTERM or SIGHUP
/// (or until stdout's reader goes away). Every failure ends in one line on stderr and its own status.
/// </summary>
internal static class Tracer
{
    public static int Run(Options options)
    {
        using var stop = new CancellationTokenSource();
        using var signals = StopSignals.Register(stop);
        Action<string>? log = options.Verbose ? line => Console.Error.WriteLine($"managedbpf: {line}") : null;
        var traced = TracedObject.For(options);
        var objectName = options.ObjectPath ?? traced.Resource;
        try
        {
            Preflight.Check(options);
            var users = new UserNames();
            // libbpf's object name: the file name up to its first dot (bootstrap.bpf.o: bootstrap).
            var spec = ObjectSpec.Parse(ReadObject(options.ObjectPath, traced), Path.GetFileName(objectName).Split('.')[0], log);
            traced.Configure(spec, options, objectName, users);
            using var loaded = BpfObject.Load(spec, new LoadOptions { Log = log, KernelBtfPath = options.BtfPath });
            if (options.Tree)
                TracedObject.Follow(loaded, options.Pid!.Value, objectName);
            using var links = loaded.AttachAll(log);
            if (options.Tree)
                TracedObject.Follow(loaded, options.Pid!.Value, objectName);
            using var ring = new RingBufferReader(Map(loaded, traced.Ring, objectName, traced));
            var counter = new LostEventCounter(Map(loaded, LostEventCounter.MapName, objectName, traced));
            var output = new StandardOutput(interactive: !Console.IsOutputRedirected);
            if (traced != TracedObject.Lifecycle)
                return PrintBootstrap(options, ring, counter, output, stop.Token);
            var context = new RecordContext(new EventClock(options.EffectiveTimestamp), ProcessIdentity.ForThisBoot(), users);
            using var exporters = Exporters.Start(options, context, ring, Map(loaded, traced.Ring, objectName, traced),
                Map(loaded, LostEventCounter.MapName, objectName, traced), log);
            return PrintLifecycle(options, ring, counter, output, context, exporters, stop.Token);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(Failures.Classify(e, objectName), CommandLine.ProgramName, options.Verbose, Console.Error);
        }
    }

    /// <summary>Bootstrap's rows from bootstrap.bpf.o.</summary>
    private static int PrintBootstrap(Options options, RingBufferReader ring, LostEventCounter counter, StandardOutput output, CancellationToken stop)
    {
        var lost = new LostEventsReport(counter, options.Verbose, Console.Error);
        if (!output.WriteNow(EventFormatter.Header))
            return ExitCodes.Success;
        var records = new BootstrapRecords(new EventFormatter(() => DateTime.Now), output);
        EventPump.Run(ring, ref records, output, lost, stop);
        lost.Final();
        return ExitCodes.Success;
    }

    /// <summary>Text rows or JSON lines from lifecycle.bpf.o (and the exporters' records), and the summary at the end.</summary>
    private static int PrintLifecycle(Options options, RingBufferReader ring, LostEventCounter counter, StandardOutput output, RecordContext context,
        Exporters exporters, CancellationToken stop)
    {
        IRecordWriter writer = options.Json
            ? new JsonRecords(output, context, CommandLine.VersionNumber)
            : new TextRecords(output, context, options.Extended);
        if (exporters.Writers.Count > 0)
            writer = new RecordWriters([writer, .. exporters.Writers]);
        var lost = new LostEventsReport(counter, options.Verbose, Console.Error, options.Json || exporters.StreamsLost ? writer.Lost : null);
        var summary = options.Summary ? new Summary() : null;
        writer.Start();
        if (!output.Flush())
            return ExitCodes.Success;
        var records = new LifecycleRecords(writer, summary);
        EventPump.Run(ring, ref records, output, lost, stop);
        lost.Final();
        output.Flush();
        if (summary is not null)
        {
            // After the rows on stdout; with --json on stderr, so that stdout stays one JSON object per line.
            var text = summary.Format();
            if (options.Json)
                Console.Error.Write(text);
            else
                output.WriteNow(text);
        }
        return ExitCodes.Success;
    }

    private static BpfMap Map(BpfObject loaded, string name, string objectName, TracedObject traced) =>
        loaded.Maps.TryGetValue(name, out var map) ? map : throw Messages.NotOurObject(objectName, $"map '{name}'", traced.Source);

    /// <summary>The --object file, or the object compiled into the executable (nothing read from disk).</summary>
    private static byte[] ReadObject(string? path, TracedObject traced)
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
        using var stream = typeof(Tracer).Assembly.GetManifestResourceStream(traced.Resource)
            ?? throw new BpfException($"the executable lacks its embedded {traced.Resource}");
        var image = new byte[stream.Length];
        stream.ReadExactly(image);
        return image;
    }
}
