using ManagedBpf;
using ManagedBpf.Cli;
using ManagedBpf.Kernel;
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
        var objectName = options.ObjectPath ?? (options.Lifecycle ? LifecycleObject.Resource : BootstrapObject.ResourceName);
        try
        {
            Preflight.Check(options);
            var image = ReadObject(options.ObjectPath, objectName);
            // libbpf's object name: the file name up to its first dot (bootstrap.bpf.o: bootstrap).
            var name = Path.GetFileName(objectName).Split('.')[0];
            var load = new LoadOptions { Log = log, KernelBtfPath = options.BtfPath };
            return options.Lifecycle
                ? TraceLifecycle(options, ObjectSpec.Parse(image, name, log), objectName, load, stop.Token)
                : TraceBootstrap(options, BootstrapSpec.Open(image, name, objectName, log), load, stop.Token);
        }
        catch (Exception e)
        {
            return ErrorReporter.Report(Failures.Classify(e, objectName), CommandLine.ProgramName, options.Verbose, Console.Error);
        }
    }

    /// <summary>Bootstrap's rows from bootstrap.bpf.o, through its generated class.</summary>
    private static int TraceBootstrap(Options options, BootstrapObject.Spec spec, LoadOptions load, CancellationToken stop)
    {
        BootstrapSpec.Configure(spec, options);
        using var loaded = spec.Load(load);
        using var links = loaded.AttachAll(load.Log);
        using var ring = new RingBufferReader(loaded.Rb);
        var lost = new LostEventsReport(new LostEventCounter(loaded.LostEvents), options.Verbose, Console.Error);
        var output = new StandardOutput(interactive: !Console.IsOutputRedirected);
        if (!output.WriteNow(EventFormatter.Header))
            return ExitCodes.Success;
        var records = new BootstrapRecords(new EventFormatter(() => DateTime.Now), output);
        EventPump.Run(ring, loaded.Rb.MaxEntries, ref records, output, lost, stop);
        lost.Final();
        return ExitCodes.Success;
    }

    /// <summary>Loads and attaches lifecycle.bpf.o with what <paramref name="options"/> ask for, then prints its records.</summary>
    private static int TraceLifecycle(Options options, ObjectSpec spec, string objectName, LoadOptions load, CancellationToken stop)
    {
        var users = new UserNames();
        // The kernel's own BTF is parsed once per process (the load below reuses it); a --btf file, read twice.
        LifecycleObject.Configure(spec, options, KernelBtf.LoadVmlinux(load.KernelBtfPath ?? KernelBtf.VmlinuxPath), objectName, users);
        using var loaded = BpfObject.Load(spec, load);
        if (options.Tree)
            LifecycleObject.Follow(loaded, options.Pid!.Value, objectName);
        using var links = loaded.AttachAll(load.Log);
        if (options.Tree)
            LifecycleObject.Follow(loaded, options.Pid!.Value, objectName);
        var ringMap = Map(loaded, LifecycleObject.Ring, objectName);
        using var ring = new RingBufferReader(ringMap);
        var counter = new LostEventCounter(Map(loaded, LostEventCounter.MapName, objectName));
        var output = new StandardOutput(interactive: !Console.IsOutputRedirected);
        var context = new RecordContext(new EventClock(options.EffectiveTimestamp), ProcessIdentity.ForThisBoot(), users);
        using var exporters = Exporters.Open(options, context, ring, ringMap,
            Map(loaded, LostEventCounter.MapName, objectName), load.Log);
        return PrintLifecycle(options, ring, ringMap.MaxEntries, counter, output, context, exporters, stop);
    }

    /// <summary>Text rows or JSON lines from lifecycle.bpf.o (and the exporters' records), and the summary at the end.</summary>
    private static int PrintLifecycle(Options options, RingBufferReader ring, long ringBytes, LostEventCounter counter, StandardOutput output, RecordContext context,
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
        exporters.Run();
        var records = new LifecycleRecords(writer, summary);
        EventPump.Run(ring, ringBytes, ref records, output, lost, stop);
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

    private static BpfMap Map(BpfObject loaded, string name, string objectName) =>
        loaded.Maps.TryGetValue(name, out var map) ? map : throw Messages.NotOurObject(objectName, $"map '{name}'", LifecycleObject.Source);

    /// <summary>The --object file, or the object compiled into the executable (nothing read from disk).</summary>
    private static byte[] ReadObject(string? path, string resource)
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
        using var stream = typeof(Tracer).Assembly.GetManifestResourceStream(resource)
            ?? throw new BpfException($"the executable lacks its embedded {resource}");
        var image = new byte[stream.Length];
        stream.ReadExactly(image);
        return image;
    }
}
