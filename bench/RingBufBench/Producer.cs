using ManagedBpf;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ProcTracer;

namespace RingBufBench;

/// <summary>bpf/bench/ringbuf_producer.bpf.o with its ring resized, run on demand through BPF_PROG_TEST_RUN.</summary>
internal sealed class Producer : IDisposable
{
    /// <summary>bpf_loop's cap on iterations per program run.</summary>
    private const ulong RunLimit = 1 << 23;

    private readonly BpfObject _object;
    private readonly BpfProgram _program;

    public Producer(string objectPath, uint ringSize, int recordSize)
    {
        var spec = ObjectSpec.ParseFile(objectPath);
        spec.Maps["rb"].MaxEntries = ringSize;
        _object = BpfObject.Load(spec);
        _program = _object.Programs[recordSize == 64 ? "produce_64" : "produce_1k"];
        Lost = LostEventCounter.Find(_object)!;
        RecordsPerRing = ringSize / (((uint)recordSize + 8 + 7) & ~7u);
    }

    public BpfMap Ring => _object.Maps["rb"];

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
