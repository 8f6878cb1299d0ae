using ManagedBpf;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ProcTracer;

namespace RingBufBench;

/// <summary>
/// bpf/bench/ringbuf_producer.bpf.o with its ring resized, or bpf/bench/perfbuf_producer.bpf.o (whose samples go to
/// the ring of the CPU the program runs on: the calling thread's, as BPF_PROG_TEST_RUN runs a raw_tp program in
/// place), run on demand through BPF_PROG_TEST_RUN.
/// </summary>
internal sealed class Producer : IDisposable
{
    /// <summary>bpf_loop's cap on iterations per program run.</summary>
    private const ulong RunLimit = 1 << 23;

    private readonly BpfObject _object;
    private readonly BpfProgram _program;
    private readonly string _mapName;

    /// <summary>The ring buffer producer, its ring of <paramref name="ringSize"/> bytes.</summary>
    public Producer(string objectPath, uint ringSize, int recordSize)
        : this(objectPath, "rb", ringSize, ringSize / (((uint)recordSize + 8 + 7) & ~7u), recordSize)
    {
    }

    private Producer(string objectPath, string mapName, uint? ringSize, uint recordsPerRing, int recordSize)
    {
        var spec = ObjectSpec.ParseFile(objectPath);
        if (ringSize is { } size)
            spec.Maps[mapName].MaxEntries = size;
        _mapName = mapName;
        _object = BpfObject.Load(spec);
        _program = _object.Programs[recordSize == 64 ? "produce_64" : "produce_1k"];
        Lost = LostEventCounter.Find(_object)!;
        RecordsPerRing = recordsPerRing;
    }

    /// <summary>
    /// The perf buffer producer, for rings of <paramref name="pagesPerCpu"/> pages: a sample takes a perf_event_header,
    /// the u32 size and its bytes, padded to 8, and the kernel keeps one byte of the ring free (perf_output_begin).
    /// </summary>
    public static Producer Perf(string objectPath, int pagesPerCpu, int recordSize) =>
        new(objectPath, "events", null, (uint)(((ulong)pagesPerCpu * (ulong)Environment.SystemPageSize - 1) / (((uint)recordSize + 12 + 7) & ~7u)), recordSize);

    /// <summary>The ring buffer, or the perf event array.</summary>
    public BpfMap Ring => _object.Maps[_mapName];

    public LostEventCounter Lost { get; }

    /// <summary>Records that fill the empty ring exactly.</summary>
    public uint RecordsPerRing { get; }

    public void Produce(ulong count)
    {
        var context = new byte[8];
        while (count > 0)
        {
            var n = Math.Min(count, RunLimit);
            BitConverter.TryWriteBytes(context, n);
            _program.TestRun(context);
            count -= n;
        }
    }

    public void Dispose() => _object.Dispose();
}
