using System.Buffers.Binary;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>
/// The pull surface (TryRead, Commit) and the async ones (WaitToReadAsync, ReadAllAsync, ReadBatchesAsync) of both
/// readers, against the kernel's producers.
/// </summary>
public class PullAndAsyncTests
{
    public static TheoryData<string> Readers => ReaderKinds.All;

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public void TryReadHandsOutRecordsInOrderAndFalseWhenDry(string kind)
    {
        using var producer = ReaderKinds.Producer(kind);
        using var reader = ReaderKinds.Reader(kind, producer);
        Assert.False(reader.TryRead(out _));
        producer.Produce(1000, ReaderKinds.Cpu(reader));
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

    /// <summary>Each reader with each async stream: records (ReadAllAsync) and batches (ReadBatchesAsync).</summary>
    public static TheoryData<string, string> Streams => new()
    {
        { "ringbuf", "records" }, { "ringbuf", "batches" }, { "perfbuf", "records" }, { "perfbuf", "batches" },
    };

    [KernelTheory]
    [MemberData(nameof(Streams))]
    public async Task AwaitForeachReceivesEveryRecordAsItComes(string kind, string stream)
    {
        using var producer = ReaderKinds.Producer(kind);
        using var reader = ReaderKinds.Reader(kind, producer);
        const int Total = 20_000, Burst = 500;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var drained = new SemaphoreSlim(0);
        var producing = ReaderKinds.ProduceInBursts(producer, ReaderKinds.Cpu(reader), Total, Burst, drained, timeout.Token);
        var next = 0ul;
        var steps = await ReadAsync(reader, stream, record =>
        {
            Assert.Equal(next++, BinaryPrimitives.ReadUInt64LittleEndian(record));
            if (next % Burst == 0)
                drained.Release();
            return next < Total;
        }, timeout.Token);
        await producing;
        Assert.Equal((ulong)Total, next);
        // A batch takes every record ready (and those committed while it runs, so one may span bursts): far fewer steps
        // than records.
        Assert.InRange(steps, stream == "records" ? Total : 1, stream == "records" ? Total : Total / 2);
    }

    [KernelTheory]
    [MemberData(nameof(Streams))]
    public async Task CancellationEndsAnAsyncWait(string kind, string stream)
    {
        using var producer = ReaderKinds.Producer(kind);
        using var reader = ReaderKinds.Reader(kind, producer);
        producer.Produce(3, ReaderKinds.Cpu(reader));
        using var cancel = new CancellationTokenSource();
        var seen = new List<ulong>();
        var started = DateTime.UtcNow;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReadAsync(reader, stream, record =>
        {
            seen.Add(BinaryPrimitives.ReadUInt64LittleEndian(record));
            // After the third record the rings are dry and the stream waits: cancel it while it does.
            if (seen.Count == 3)
                cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
            return true;
        }, cancel.Token));
        Assert.Equal([0ul, 1, 2], seen);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(10));
        // The reader still works afterwards.
        producer.Produce(1, ReaderKinds.Cpu(reader));
        Assert.True(await reader.WaitToReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(reader.TryRead(out var record));
        Assert.Equal(3ul, BinaryPrimitives.ReadUInt64LittleEndian(record));
    }

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public async Task DisposeEndsAPendingWaitWithFalse(string kind)
    {
        using var producer = ReaderKinds.Producer(kind);
        var reader = ReaderKinds.Reader(kind, producer);
        var waiting = reader.WaitToReadAsync().AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        reader.Dispose();
        Assert.False(await waiting.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await reader.WaitToReadAsync());
    }

    /// <summary>Whether to go on after a record.</summary>
    private delegate bool RecordCheck(ReadOnlySpan<byte> record);

    /// <summary>
    /// Reads through one of the async streams until <paramref name="check"/> says stop; returns the stream's steps
    /// (records or batches).
    /// </summary>
    private static async Task<int> ReadAsync(RecordReader reader, string stream, RecordCheck check, CancellationToken token)
    {
        var steps = 0;
        if (stream == "records")
        {
            await foreach (var record in reader.ReadAllAsync(token))
            {
                steps++;
                if (!check(record.Span))
                    return steps;
            }
            return steps;
        }
        await foreach (var batch in reader.ReadBatchesAsync(token))
        {
            steps++;
            var more = true;
            foreach (var record in batch)
            {
                more = check(record);
                if (!more)
                    break;
            }
            if (!more)
                return steps;
        }
        return steps;
    }
}
