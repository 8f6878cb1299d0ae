using System.Diagnostics;
using System.Globalization;
using ManagedBpf.PerfBuffer;
using ManagedBpf.RingBuffer;
using RingBufBench;

// The managed side of bench/ringbuf.sh and bench/perfbuf.sh (see bench/ringbuf_libbpf.c and bench/perfbuf_libbpf.c
// for the libbpf sides and the modes):
//   ringbufbench OBJ cache|memory|perf-cache SIZE REPS     |     ringbufbench OBJ live|perf-live SIZE COUNT
if (args.Length != 4 || args[2] is not ("64" or "1024"))
{
    Console.Error.WriteLine("usage: ringbufbench OBJ cache|memory|live|perf-cache|perf-live 64|1024 REPS|COUNT");
    return 2;
}
var (path, mode, size, n) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture), long.Parse(args[3], CultureInfo.InvariantCulture));
switch (mode)
{
    case "cache":
        Drain.RunRing(path, mode, size, 512 * 1024, (int)n, fromMemory: false);
        break;
    case "memory":
        Drain.RunRing(path, mode, size, 256 * 1024 * 1024, (int)n, fromMemory: true);
        break;
    case "live":
        {
            using var producer = new Producer(path, 256 * 1024, size);
            Live.Run(producer, new RingBufferReader(producer.Ring), "live", size, (ulong)n); // batched commits, default StreamingWait
            break;
        }
    case "perf-cache":
        Drain.RunPerf(path, size, (int)n);
        break;
    case "perf-live":
        {
            using var producer = Producer.Perf(path, 64, size);
            Live.Run(producer, new PerfBufferReader(producer.Ring, 64), "live", size, (ulong)n);
            break;
        }
    default:
        Console.Error.WriteLine($"unknown mode {mode}");
        return 2;
}
return 0;

/// <summary>Fill while nobody reads, optionally evict from the caches, then time one drain.</summary>
internal static class Drain
{
    /// <summary>
    /// The ring buffer: each reader kind in turn on its own mapping of one ring (batched and per-record commits, pull
    /// with TryRead and with foreach over ReadAvailable, await foreach over ReadAllAsync and over ReadBatchesAsync).
    /// </summary>
    public static void RunRing(string path, string mode, int size, uint ringSize, int reps, bool fromMemory)
    {
        using var producer = new Producer(path, ringSize, size);
        var scratch = fromMemory ? new byte[2 * ringSize] : [];
        Run(producer, mode, size, reps,
            [
                ("managed", () => new RingBufferReader(producer.Ring, CommitMode.Batched), Push),
                ("managed-per-record", () => new RingBufferReader(producer.Ring, CommitMode.PerRecord), Push),
                ("managed-pull", () => new RingBufferReader(producer.Ring), Pull),
                ("managed-batch", () => new RingBufferReader(producer.Ring), Batch),
                ("managed-async", () => new RingBufferReader(producer.Ring), Async),
                ("managed-async-batch", () => new RingBufferReader(producer.Ring), AsyncBatches),
            ],
            fromMemory ? r => scratch.AsSpan().Fill((byte)r) : null); // evicts the ring from every cache level
    }

    /// <summary>The perf buffer: 128 pages per CPU, CPU 1's ring filled and drained on CPU 1, as perfbuf_libbpf does.</summary>
    public static void RunPerf(string path, int size, int reps)
    {
        ThreadCpu.Pin(1);
        using var producer = Producer.Perf(path, 128, size);
        Run(producer, "cache", size, reps,
            [
                ("managed", () => new PerfBufferReader(producer.Ring, 128), Push),
                ("managed-pull", () => new PerfBufferReader(producer.Ring, 128), Pull),
                ("managed-batch", () => new PerfBufferReader(producer.Ring, 128), Batch),
            ],
            null);
    }

    /// <summary>
    /// Each reader kind in turn, opened once for all its rounds (a pull reader's cursor is its own, so two readers
    /// must not take turns on one ring); the median of the rounds is printed.
    /// </summary>
    private static void Run(Producer producer, string mode, int size, int reps, (string Name, Func<RecordReader> Open, Reading Read)[] readers, Action<int>? evict)
    {
        var handler = new SequenceHandler();
        foreach (var (name, open, read) in readers)
        {
            using var reader = open();
            var results = new List<double>();
            for (var r = 0; r < reps; r++)
            {
                producer.Produce(producer.RecordsPerRing);
                evict?.Invoke(r);
                var start = Stopwatch.GetTimestamp();
                var got = read(reader, ref handler, (int)producer.RecordsPerRing);
                var elapsed = Stopwatch.GetElapsedTime(start);
                if (got != producer.RecordsPerRing || handler.Gaps != 0 || handler.Disorder != 0 || reader is PerfBufferReader { LostSamples: not 0 })
                    throw new InvalidOperationException($"{name} consumed {got} of {producer.RecordsPerRing} records ({handler.Gaps} gaps)");
                results.Add(elapsed.TotalNanoseconds / got);
            }
            Console.WriteLine(FormattableString.Invariant($"{mode} {name} {size} ns_per_record={Median(results):F3}"));
        }
    }

    private delegate int Reading(RecordReader reader, ref SequenceHandler handler, int count);

    private static int Push(RecordReader reader, ref SequenceHandler handler, int count) => reader.Consume(ref handler);

    private static int Pull(RecordReader reader, ref SequenceHandler handler, int count)
    {
        var got = 0;
        while (reader.TryRead(out var record))
        {
            handler.OnRecord(record);
            got++;
        }
        return got;
    }

    private static int Batch(RecordReader reader, ref SequenceHandler handler, int count)
    {
        var got = 0;
        foreach (var record in reader.ReadAvailable())
        {
            handler.OnRecord(record);
            got++;
        }
        return got;
    }

    private static int Async(RecordReader reader, ref SequenceHandler handler, int count)
    {
        // Every record is ready, so each MoveNextAsync completes synchronously: this measures the enumeration's own
        // cost per record, which the live case adds to the wait.
        var task = ReadAsync(reader, handler, count);
        (var got, handler) = task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();
        return got;
    }

    private static async ValueTask<(int, SequenceHandler)> ReadAsync(RecordReader reader, SequenceHandler handler, int count)
    {
        var got = 0;
        await foreach (var record in reader.ReadAllAsync())
        {
            handler.OnRecord(record.Span);
            if (++got == count)
                break;
        }
        return (got, handler);
    }

    private static int AsyncBatches(RecordReader reader, ref SequenceHandler handler, int count)
    {
        // As Async: the first batch is ready, so this measures the per-record walk plus one step of the stream.
        var task = ReadBatchesAsync(reader, handler, count);
        (var got, handler) = task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();
        return got;
    }

    private static async ValueTask<(int, SequenceHandler)> ReadBatchesAsync(RecordReader reader, SequenceHandler handler, int count)
    {
        var got = 0;
        await foreach (var batch in reader.ReadBatchesAsync())
        {
            foreach (var record in batch)
            {
                handler.OnRecord(record);
                got++;
            }
            if (got >= count)
                break;
        }
        return (got, handler);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var m = values.Count / 2;
        return values.Count % 2 == 1 ? values[m] : (values[m - 1] + values[m]) / 2;
    }
}

/// <summary>A 256 KiB ring (per CPU for perf), the producer at full speed on CPU 0, the reader polling on CPU 1.</summary>
internal static class Live
{
    public static void Run(Producer producer, RecordReader reader, string mode, int size, ulong count)
    {
        using var owned = reader;
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
        var kernelLost = reader is PerfBufferReader perf ? FormattableString.Invariant($" kernel_lost={perf.LostSamples}") : "";
        Console.WriteLine(FormattableString.Invariant(
            $"{mode} managed {size} records_per_s={handler.Count / elapsed.TotalSeconds:F0} lost={lost} counter={producer.Lost.Read()}{kernelLost} lost_pct={100.0 * lost / count:F2} reader_cpu_pct={100 * cpu / elapsed.TotalNanoseconds:F1} reader_cpu_ns_per_record={cpu / handler.Count:F0} gap_events={handler.GapEvents}"));
    }
}
