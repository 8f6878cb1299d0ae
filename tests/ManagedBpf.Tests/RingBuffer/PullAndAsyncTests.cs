using System.Buffers.Binary;
using ManagedBpf.PerfBuffer;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>
/// The pull surface (TryRead, Commit) and the async one (WaitToReadAsync, ReadAllAsync) of both readers, against the
/// kernel's producers.
/// </summary>
public class PullAndAsyncTests
{
    public static TheoryData<string> Readers => ["ringbuf", "perfbuf"];

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public void TryReadHandsOutRecordsInOrderAndFalseWhenDry(string kind)
    {
        using var producer = Producer(kind);
        using var reader = Reader(kind, producer);
        Assert.False(reader.TryRead(out _));
        producer.Produce(1000, Cpu(reader));
        var next = 0ul;
        while (reader.TryRead(out var record))
            Assert.Equal(next++, BinaryPrimitives.ReadUInt64LittleEndian(record));
        Assert.Equal(1000ul, next);
        Assert.Equal(0, reader.PendingBytes);
    }

    [KernelFact]
    public void RecordsStayInTheRingUntilCommitted()
    {
        using var producer = new SequenceProducer(4096);
        using var reader = new RingBufferReader(producer.Ring);
        producer.Produce(10);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal(0ul, BinaryPrimitives.ReadUInt64LittleEndian(first));
        // Read but not given back: the space stays taken until Commit (or a TryRead that finds nothing).
        Assert.Equal(10 * 72, reader.PendingBytes);
        reader.Commit();
        Assert.Equal(9 * 72, reader.PendingBytes);
        // Push and pull mix: Consume starts after what TryRead handed out.
        var checker = new SequenceChecker { Next = 1 };
        Assert.Equal(9, reader.Consume(ref checker));
        Assert.Equal(0, checker.Errors);
        Assert.False(reader.TryRead(out _));
    }

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public async Task AwaitForeachReceivesEveryRecordAsItComes(string kind)
    {
        using var producer = Producer(kind);
        using var reader = Reader(kind, producer);
        const int Total = 20_000, Burst = 500;
        var cpu = Cpu(reader);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var drained = new SemaphoreSlim(0);
        var producing = Task.Run(async () =>
        {
            // Bursts with pauses between: the reader runs dry and waits again and again. Each burst waits for the
            // reader to take the last one, so no ring ever fills, however slow the machine (an emulated CPU in
            // the VM matrix): a full ring drops records, which is another test's subject.
            for (var sent = 0; sent < Total; sent += Burst)
            {
                if (sent > 0)
                    await drained.WaitAsync(timeout.Token);
                producer.Produce(Burst, cpu);
                await Task.Delay(2);
            }
        });
        var next = 0ul;
        await foreach (var record in reader.ReadAllAsync(timeout.Token))
        {
            Assert.Equal(next++, BinaryPrimitives.ReadUInt64LittleEndian(record.Span));
            if (next % Burst == 0)
                drained.Release();
            if (next == Total)
                break;
        }
        await producing;
        Assert.Equal((ulong)Total, next);
    }

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public async Task CancellationEndsAnAsyncWait(string kind)
    {
        using var producer = Producer(kind);
        using var reader = Reader(kind, producer);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in reader.ReadAllAsync(cancel.Token))
                Assert.Fail("no record was produced");
        });
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10));
        // The reader still works afterwards.
        producer.Produce(1, Cpu(reader));
        Assert.True(await reader.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(reader.TryRead(out _));
    }

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public async Task DisposeEndsAPendingWaitWithFalse(string kind)
    {
        using var producer = Producer(kind);
        var reader = Reader(kind, producer);
        var waiting = reader.WaitToReadAsync().AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        reader.Dispose();
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await reader.WaitToReadAsync());
    }

    private static SequenceProducer Producer(string kind) => kind == "ringbuf" ? new SequenceProducer(256 * 1024) : SequenceProducer.Perf();

    private static RecordReader Reader(string kind, SequenceProducer producer) =>
        kind == "ringbuf" ? new RingBufferReader(producer.Ring) : new PerfBufferReader(producer.Ring, pagesPerCpu: 64);

    /// <summary>The CPU to produce on: a perf buffer has one ring per CPU, a ring buffer takes them all.</summary>
    private static int? Cpu(RecordReader reader) => reader is PerfBufferReader perf ? perf.Cpus[0] : null;
}
