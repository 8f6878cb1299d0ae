using System.Buffers;
using System.Runtime.InteropServices;
using ManagedBpf;
using ManagedBpf.RingBuf;

namespace ProcTracer;

/// <summary>The seed's main(): load, set min_duration_ns, attach, print the header, poll until SIGINT/SIGTERM.</summary>
internal static class Tracer
{
    private const string ObjectResource = "bootstrap.bpf.o";
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    public static int Run(Options options)
    {
        using var stop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop(stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop(stop));
        Action<string>? log = options.Verbose ? line => Console.Error.WriteLine($"managedbpf: {line}") : null;
        try
        {
            var spec = ObjectSpec.Parse(EmbeddedObject(), "bootstrap", log);
            spec.Variables["min_duration_ns"].Set(options.MinDurationNs);
            using var loaded = BpfObject.Load(spec, new LoadOptions { Log = log });
            using var links = loaded.AttachAll(log);
            using var ring = new RingBufferReader(loaded.Maps["rb"]);
            var lost = new LostEventsReport(new LostEventCounter(loaded.Maps[LostEventCounter.MapName]), options.Verbose, Console.Error);
            using var stdout = Console.OpenStandardOutput();
            var pending = new ArrayBufferWriter<byte>(64 * 1024);
            var formatter = new EventFormatter(() => DateTime.Now);
            stdout.Write(System.Text.Encoding.ASCII.GetBytes(EventFormatter.Header));
            stdout.Flush();
            while (!stop.IsCancellationRequested)
            {
                ring.Poll(PollTimeout, record => formatter.Write(pending, MemoryMarshal.Read<Event>(record)), stop.Token);
                lost.Tick();
                if (pending.WrittenCount == 0)
                    continue;
                // One write per poll batch: rows reach a pipe or file as they happen, not when a buffer fills.
                stdout.Write(pending.WrittenSpan);
                stdout.Flush();
                pending.ResetWrittenCount();
            }
            lost.Final();
            return 0;
        }
        catch (BpfException e)
        {
            Console.Error.WriteLine($"{CommandLine.ProgramName}: {e.Message}");
            if (options.Verbose && e is BpfVerifierException verifier)
                Console.Error.WriteLine(verifier.Log);
            return 1;
        }
    }

    /// <summary>Ends the poll loop instead of the process, so that Dispose detaches the links and closes the maps.</summary>
    private static Action<PosixSignalContext> Stop(CancellationTokenSource stop) => context =>
    {
        context.Cancel = true;
        stop.Cancel();
    };

    /// <summary>The BPF object compiled into the executable: nothing is read from disk at run time.</summary>
    private static byte[] EmbeddedObject()
    {
        using var stream = typeof(Tracer).Assembly.GetManifestResourceStream(ObjectResource)
            ?? throw new BpfException($"the executable lacks its embedded {ObjectResource}");
        var image = new byte[stream.Length];
        stream.ReadExactly(image);
        return image;
    }
}
