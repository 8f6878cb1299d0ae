using System.Diagnostics;
using System.Globalization;
using ManagedBpf.RingBuffer;
using RingBufBench;

// The managed side of bench/ringbuf.sh (see bench/ringbuf_libbpf.c for the libbpf side and the modes):
//   ringbufbench OBJ cache|memory SIZE REPS     |     ringbufbench OBJ live SIZE COUNT
if (args.Length != 4 || args[2] is not ("64" or "1024"))
{
    Console.Error.WriteLine("usage: ringbufbench OBJ cache|memory|live 64|1024 REPS|COUNT");
    return 2;
}
var (path, mode, size, n) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture));
switch (mode)
{
    case "cache":
        Drain.Run(path, mode, size, 512 * 1024, (int)n, fromMemory: false);
        break;
    case "memory":
        Drain.Run(path, mode, size, 256 * 1024 * 1024, (int)n, fromMemory: true);
        break;
    case "live":
        Live.Run(path, size, (ulong)n);
        break;
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}
return 0;

/// <summary>Fill while nobody reads, optionally evict from the caches, then time one drain.</summary>
internal static class Drain
{
    public static void Run(string path, string mode, int size, uint ringSize, int reps, bool fromMemory)
    {
        using var producer = new Producer(path, ringSize, size);
        using var batched = new RingBufferReader(producer.Ring, CommitMode.Batched);
        using var perRecord = new RingBufferReader(producer.Ring, CommitMode.PerRecord);
        var scratch = fromMemory ? new byte[2 * ringSize] : [];
        var results = new Dictionary<string, List<double>> { ["managed"] = [], ["managed-per-record"] = [] };
        var handler = new SequenceHandler();
        for (var r = 0; r < reps; r++)
        {
            foreach (var (name, reader) in new[] { ("managed", batched), ("managed-per-record", perRecord) })
            {
                producer.Produce(producer.RecordsPerRing);
                if (fromMemory)
                    scratch.AsSpan().Fill((byte)r); // evicts the ring from every cache level
                var start = Stopwatch.GetTimestamp();
                var got = reader.Consume(ref handler);
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (got != producer.RecordsPerRing || handler.Gaps != 0 || handler.Disorder != 0)
                    throw new InvalidOperationException($"{name} consumed {got} of {producer.RecordsPerRing} records ({handler.Gaps} gaps)");
                results[name].Add(elapsed.TotalNanoseconds / got);
            }
        }
        foreach (var (name, values) in results)
            Console.WriteLine(FormattableString.Invariant($"{mode} {name} {size} ns_per_record={Median(values):F3}"));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }
}

/// <summary>A 256 KiB ring, the producer at full speed on CPU 0, the reader polling on CPU 1.</summary>
internal static class Live
{
    public static void Run(string path, int size, ulong count)
    {
        using var producer = new Producer(path, 256 * 1024, size);
        using var reader = new RingBufferReader(producer.Ring); // batched commits, default StreamingWait
        var handler = new SequenceHandler();
        var producing = 1;
        var elapsed = TimeSpan.Zero;
        ThreadCpu.Pin(1);
        var cpu0 = ThreadCpu.Nanoseconds();
        var thread = new Thread(() =>
        {
            ThreadCpu.Pin(0);
            var start = Stopwatch.GetTimestamp();
            for (ulong done = 0; done < count; done += 65536)
                producer.Produce(Math.Min(65536, count - done));
            elapsed = Stopwatch.GetElapsedTime(start);
            Volatile.Write(ref producing, 0); // release: elapsed is written before the reader sees the end
        });
        thread.Start();
        while (Volatile.Read(ref producing) == 1)
            reader.Poll(TimeSpan.FromMilliseconds(100), ref handler);
        reader.Consume(ref handler);
        var cpu = ThreadCpu.Nanoseconds() - cpu0;
        thread.Join();
        var lost = handler.Gaps + (count - handler.Next);
        if (handler.Disorder != 0)
            throw new InvalidOperationException($"{handler.Disorder} sequence numbers seen twice or out of order");
        Console.WriteLine(FormattableString.Invariant(
            $"live managed {size} records_per_s={handler.Count / elapsed.TotalSeconds:F0} lost={lost} counter={producer.Lost.Read()} lost_pct={100.0 * lost / count:F2} reader_cpu_pct={100 * cpu / elapsed.TotalNanoseconds:F1} reader_cpu_ns_per_record={cpu / handler.Count:F0} gap_events={handler.GapEvents}"));
    }
}
