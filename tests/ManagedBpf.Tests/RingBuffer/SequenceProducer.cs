using ManagedBpf.Programs;
using ProcTracer;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>
/// bpf/bench/ringbuf_producer.bpf.o loaded with a ring of the given size (or its perf buffer twin,
/// perfbuf_producer.bpf.o): each <see cref="Produce"/> runs the program once (BPF_PROG_TEST_RUN) to attempt that many
/// records, each starting with the next sequence number; failed reserves (or outputs) are counted in lost_events.
/// </summary>
internal sealed class SequenceProducer : IDisposable
{
    private readonly BpfObject _object;
    private readonly BpfProgram _program;
    private readonly string _mapName;

    public SequenceProducer(uint ringSize, int recordSize = 64)
        : this("ringbuf_producer.bpf.o", "rb", ringSize, ProgramFor(recordSize))
    {
    }

    private SequenceProducer(string objectFile, string mapName, uint? ringSize, string program)
    {
        var spec = ObjectSpec.ParseFile(TestObjects.PathOf(objectFile));
        if (ringSize is { } size)
            spec.Maps[mapName].MaxEntries = size;
        _mapName = mapName;
        _object = BpfObject.Load(spec);
        _program = _object.Programs[program];
        Lost = LostEventCounter.Find(_object) ?? throw new InvalidOperationException("the producer has no lost_events map");
    }

    /// <summary>
    /// A ring buffer producer of 64-byte records that discards those with odd sequence numbers (reserved, then
    /// bpf_ringbuf_discard): readers see the even ones only.
    /// </summary>
    public static SequenceProducer DiscardingOdd(uint ringSize) => new("ringbuf_producer.bpf.o", "rb", ringSize, "produce_64_discard_odd");

    /// <summary>The producer of bpf/bench/perfbuf_producer.bpf.o: samples to the PERF_EVENT_ARRAY of the CPU it runs on.</summary>
    public static SequenceProducer Perf(int recordSize = 64) => new("perfbuf_producer.bpf.o", "events", null, ProgramFor(recordSize));

    /// <summary>The ring buffer, or the perf event array.</summary>
    public ManagedBpf.Maps.BpfMap Ring => _object.Maps[_mapName];

    public LostEventCounter Lost { get; }

    /// <summary>Sequence numbers handed out so far (records attempted).</summary>
    public ulong Attempted { get; private set; }

    /// <summary>Attempts <paramref name="count"/> records (at most 2^23 per run, bpf_loop's limit).</summary>
    public void Produce(ulong count, int? cpu = null)
    {
        var context = BitConverter.GetBytes(count);
        var emitted = _program.TestRun(context, cpu);
        if (emitted != (uint)count)
            throw new InvalidOperationException($"bpf_loop ran {emitted} times, not {count}");
        Attempted += count;
    }

    public void Dispose() => _object.Dispose();

    private static string ProgramFor(int recordSize) => recordSize switch
    {
        64 => "produce_64",
        1024 => "produce_1k",
        _ => throw new ArgumentOutOfRangeException(nameof(recordSize), recordSize, "the producer emits 64 or 1024 bytes"),
    };
}
