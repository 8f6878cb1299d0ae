using ManagedBpf.Programs;
using ProcTracer;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>
/// bpf/bench/ringbuf_producer.bpf.o loaded with a ring of the given size: each <see cref="Produce"/> runs the program
/// once (BPF_PROG_TEST_RUN) to attempt that many records, each starting with the next sequence number; failed
/// reserves are counted in lost_events.
/// </summary>
internal sealed class SequenceProducer : IDisposable
{
    private readonly BpfObject _object;
    private readonly BpfProgram _program;

    public SequenceProducer(uint ringSize, int recordSize = 64)
    {
        var spec = ObjectSpec.ParseFile(TestObjects.PathOf("ringbuf_producer.bpf.o"));
        spec.Maps["rb"].MaxEntries = ringSize;
        _object = BpfObject.Load(spec);
        _program = _object.Programs[recordSize switch
        {
            64 => "produce_64",
            1024 => "produce_1k",
            _ => throw new ArgumentOutOfRangeException(nameof(recordSize), recordSize, "the producer emits 64 or 1024 bytes"),
        }];
        Lost = LostEventCounter.Find(_object) ?? throw new InvalidOperationException("the producer has no lost_events map");
    }

    public ManagedBpf.Maps.BpfMap Ring => _object.Maps["rb"];

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
}
