using System.Buffers.Binary;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>
/// The per-batch pull surface (<see cref="RecordReader.ReadAvailable"/>) of both readers, against the kernel's
/// producers: order, commit once at the end of the loop, the rest read again, space back only then, wrap-around. Its
/// async stream (<see cref="RecordReader.ReadBatchesAsync"/>) is tested with the other one in PullAndAsyncTests.
/// </summary>
public class RecordBatchTests
{
    public static TheoryData<string> Readers => ReaderKinds.All;

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public void ABatchWalksTheRecordsInOrderAndCommitsWhenItsLoopEnds(string kind)
    {
        using var producer = ReaderKinds.Producer(kind);
        using var reader = ReaderKinds.Reader(kind, producer);
        Assert.Empty(Sequences(reader.ReadAvailable()));
        producer.Produce(500, ReaderKinds.Cpu(reader));
        var pending = reader.PendingBytes;
        var next = 0ul;
        foreach (var record in reader.ReadAvailable())
        {
            Assert.Equal(next++, BinaryPrimitives.ReadUInt64LittleEndian(record));
            // 500 records are under a quarter of either ring: nothing goes back to the producer before the loop ends.
            Assert.Equal(pending, reader.PendingBytes);
        }
        Assert.Equal(500ul, next);
        Assert.Equal(0, reader.PendingBytes);
        Assert.Empty(Sequences(reader.ReadAvailable()));
    }

    [KernelTheory]
    [MemberData(nameof(Readers))]
    public void ALoopLeftEarlyCommitsTheRecordsItReachedAndTheNextBatchGetsTheRest(string kind)
    {
        using var producer = ReaderKinds.Producer(kind);
        using var reader = ReaderKinds.Reader(kind, producer);
        producer.Produce(100, ReaderKinds.Cpu(reader));
        var perRecord = reader.PendingBytes / 100;
        foreach (var record in reader.ReadAvailable())
        {
            if (BinaryPrimitives.ReadUInt64LittleEndian(record) == 9)
                break;
        }
        // The record the loop stopped at is committed with the ones before it.
        Assert.Equal(90 * perRecord, reader.PendingBytes);
        Assert.Equal(Enumerable.Range(10, 90).Select(i => (ulong)i), Sequences(reader.ReadAvailable()));
    }

    [KernelFact]
    public void TheProducerGetsSpaceBackOnlyWhenTheBatchCommits()
    {
        // 4096 bytes hold 56 records of 72 (64 + the 8-byte header): 100 attempts fill the ring.
        using var producer = new SequenceProducer(4096);
        using var reader = new RingBufferReader(producer.Ring);
        producer.Produce(100);
        var lost = producer.Lost.Read();
        Assert.Equal(44ul, lost);
        foreach (var record in reader.ReadAvailable())
        {
            if (BinaryPrimitives.ReadUInt64LittleEndian(record) < 4)
                continue;
            // Five records read, none committed: the kernel still sees the ring full.
            producer.Produce(5);
            Assert.Equal(lost + 5, producer.Lost.Read());
            break;
        }
        // Committed: those five records' space is the producer's again.
        producer.Produce(5);
        Assert.Equal(lost + 5, producer.Lost.Read());
        var checker = new SequenceChecker { Next = 5, AllowGaps = true };
        foreach (var record in reader.ReadAvailable())
            checker.OnRecord(record);
        Assert.Equal(0, checker.Disorder);
        Assert.Equal(51 + 5, checker.Count);
        Assert.Equal(110ul, checker.Next);
    }

    [KernelFact]
    public void BatchesReadRecordsAcrossTheEndOfTheRing()
    {
        // 40 records of 72 bytes per round in a 4096-byte ring: the positions pass its end every other round or so,
        // and records that straddle it read contiguously (the data pages are mapped twice).
        using var producer = new SequenceProducer(4096);
        using var reader = new RingBufferReader(producer.Ring);
        var checker = new SequenceChecker();
        for (var round = 0; round < 20; round++)
        {
            producer.Produce(40);
            foreach (var record in reader.ReadAvailable())
                checker.OnRecord(record);
            Assert.Equal(40 * (round + 1), checker.Count);
        }
        Assert.Equal(0, checker.Errors);
        Assert.Equal(64, checker.LastLength);
        Assert.Equal(0ul, producer.Lost.Read());
    }

    [KernelFact]
    public void BatchesAndTryReadSkipDiscardedRecordsAndStepOverTheirSpace()
    {
        // 4096 bytes, 40 records of 72 per round, half of them discarded: the walk passes the ring's end too.
        using var producer = SequenceProducer.DiscardingOdd(4096);
        using var reader = new RingBufferReader(producer.Ring);
        var next = 0ul;
        for (var round = 0; round < 10; round++)
        {
            producer.Produce(40);
            // Every other round through TryRead: the discarded records are the walker's to skip either way.
            if (round % 2 == 0)
            {
                foreach (var record in reader.ReadAvailable())
                    next = Expect(next, record);
            }
            else
            {
                while (reader.TryRead(out var record))
                    next = Expect(next, record);
            }
            Assert.Equal(0, reader.PendingBytes);
        }
        Assert.Equal(400ul, next);
        Assert.Equal(0ul, producer.Lost.Read());

        static ulong Expect(ulong next, ReadOnlySpan<byte> record)
        {
            Assert.Equal(next, BinaryPrimitives.ReadUInt64LittleEndian(record));
            return next + 2;
        }
    }

    [KernelFact]
    public void TryReadAndBatchesShareOnePosition()
    {
        using var producer = new SequenceProducer(256 * 1024);
        using var reader = new RingBufferReader(producer.Ring);
        producer.Produce(10);
        Assert.True(reader.TryRead(out var first));
        Assert.Equal(0ul, BinaryPrimitives.ReadUInt64LittleEndian(first));
        // The batch commits what TryRead handed out and goes on after it.
        Assert.Equal(Enumerable.Range(1, 9).Select(i => (ulong)i), Sequences(reader.ReadAvailable()));
        Assert.False(reader.TryRead(out _));
    }

    [KernelFact]
    public void ABatchOfADisposedReaderThrows()
    {
        using var producer = new SequenceProducer(4096);
        var reader = new RingBufferReader(producer.Ring);
        var batch = reader.ReadAvailable();
        reader.Dispose();
        Assert.Throws<ObjectDisposedException>(() => reader.ReadAvailable());
        Assert.Throws<ObjectDisposedException>(() =>
        {
            foreach (var _ in batch)
                Assert.Fail("a disposed reader has no records");
        });
    }

    /// <summary>The sequence numbers of a batch's records (walking it commits them).</summary>
    private static List<ulong> Sequences(RecordBatch batch)
    {
        var seen = new List<ulong>();
        foreach (var record in batch)
            seen.Add(BinaryPrimitives.ReadUInt64LittleEndian(record));
        return seen;
    }
}
