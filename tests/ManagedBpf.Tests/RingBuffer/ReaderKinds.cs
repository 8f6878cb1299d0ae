using ManagedBpf.PerfBuffer;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>The two readers the pull and async tests run against, each with its kernel producer.</summary>
internal static class ReaderKinds
{
    public static TheoryData<string> All => ["ringbuf", "perfbuf"];

    /// <summary>A 256 KiB ring buffer's producer, or the perf buffer's.</summary>
    public static SequenceProducer Producer(string kind) => kind == "ringbuf" ? new SequenceProducer(256 * 1024) : SequenceProducer.Perf();

    public static RecordReader Reader(string kind, SequenceProducer producer) =>
        kind == "ringbuf" ? new RingBufferReader(producer.Ring) : new PerfBufferReader(producer.Ring, pagesPerCpu: 64);

    /// <summary>The CPU to produce on: a perf buffer has one ring per CPU, a ring buffer takes them all.</summary>
    public static int? Cpu(RecordReader reader) => reader is PerfBufferReader perf ? perf.Cpus[0] : null;

    /// <summary>
    /// Produces <paramref name="total"/> records in bursts with pauses between, so the reader runs dry and waits again
    /// and again. Each burst waits for the reader to release <paramref name="drained"/> (it took the last one), so no
    /// ring ever fills, however slow the machine (an emulated CPU in the VM matrix): a full ring drops records, which
    /// is another test's subject.
    /// </summary>
    public static Task ProduceInBursts(SequenceProducer producer, int? cpu, int total, int burst, SemaphoreSlim drained, CancellationToken token) =>
        Task.Run(async () =>
        {
            for (var sent = 0; sent < total; sent += burst)
            {
                if (sent > 0)
                    await drained.WaitAsync(token);
                producer.Produce((ulong)burst, cpu);
                await Task.Delay(2, token);
            }
        }, token);
}
