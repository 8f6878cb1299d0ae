using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>
/// The reader against the kernel's producer (bpf/bench/ringbuf_producer.bpf.o): every record carries a sequence number
/// taken per reserve attempt, so gaps show lost records and duplicates show a reader that read twice.
/// </summary>
public class SequenceKernelTests
{
    private const int Records = 1_000_000;
    private const ulong Chunk = 4096;

    /// <summary>
    /// A producer thread and a polling reader run concurrently; the producer keeps at most 2 × 4096 records unread so
    /// that nothing can be lost, and every sequence number must arrive exactly once, in order.
    /// </summary>
    [KernelTheory]
    [InlineData(CommitMode.Batched)]
    [InlineData(CommitMode.PerRecord)]
    public void AMillionRecordsArriveWithNoGapAndNoDuplicate(CommitMode mode)
    {
        using var producer = new SequenceProducer(1024 * 1024);
        using var reader = new RingBufferReader(producer.Ring, mode);
        var checker = new SequenceChecker();
        using var done = new CancellationTokenSource();
        var received = 0L;
        var producing = Task.Factory.StartNew(() =>
        {
            while (producer.Attempted < Records)
            {
                // 8192 records of 72 bytes fill 576 KiB of the 1 MiB ring: never full, so never a loss.
                SpinWait.SpinUntil(() => (long)producer.Attempted - Volatile.Read(ref received) <= (long)Chunk);
                producer.Produce(Math.Min(Chunk, Records - producer.Attempted));
            }
        }, TaskCreationOptions.LongRunning);
        while (checker.Count < Records && !producing.IsFaulted)
        {
            reader.Poll(TimeSpan.FromMilliseconds(100), ref checker);
            Volatile.Write(ref received, checker.Count);
        }
        producing.GetAwaiter().GetResult();
        Assert.Equal(Records, checker.Count);
        Assert.Equal(0, checker.Errors);
        Assert.Equal(0ul, producer.Lost.Read());
        Assert.Equal(0, reader.Consume(ref checker));
    }

    /// <summary>
    /// With a small ring and nobody reading, reserves fail once it is full: the lost counter must equal the sequence
    /// numbers that never arrived, for both record sizes and across several fill-and-drain rounds.
    /// </summary>
    [KernelTheory]
    [InlineData(64)]
    [InlineData(1024)]
    public void TheLostCounterEqualsTheMissingSequenceNumbers(int recordSize)
    {
        using var producer = new SequenceProducer(16 * 1024, recordSize);
        using var reader = new RingBufferReader(producer.Ring);
        var seen = new List<ulong>();
        for (var round = 0; round < 3; round++)
        {
            producer.Produce(1000);
            reader.Consume<ulong>((in ulong seq) => seen.Add(seq));
        }
        var capacity = 16 * 1024 / ((recordSize + 8 + 7) & ~7); // records of one full ring
        Assert.Equal(3 * capacity, seen.Count);
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        var missing = producer.Attempted - (ulong)seen.Count;
        Assert.Equal(missing, producer.Lost.Read());
        Assert.Equal(3ul * (1000 - (ulong)capacity), missing);
    }

    /// <summary>A producer at full speed on one CPU and a reader on another: whatever is lost, the counter says so.</summary>
    [KernelFact]
    public void UnderLoadGapsAndTheLostCounterAgree()
    {
        using var producer = new SequenceProducer(64 * 1024);
        using var reader = new RingBufferReader(producer.Ring);
        var checker = new SequenceChecker { AllowGaps = true };
        using var stop = new CancellationTokenSource();
        var producing = Task.Factory.StartNew(() =>
        {
            for (var i = 0; i < 50; i++)
                producer.Produce(8192, cpu: 0);
            stop.Cancel();
        }, TaskCreationOptions.LongRunning);
        while (!stop.IsCancellationRequested)
            reader.Poll(TimeSpan.FromMilliseconds(50), ref checker, stop.Token);
        producing.GetAwaiter().GetResult();
        reader.Consume(ref checker);
        Assert.Equal(0, checker.Errors);
        // Missing: the gaps between records seen, and whatever was lost after the last one.
        Assert.Equal(checker.Gaps + (producer.Attempted - checker.Next), producer.Lost.Read());
    }
}
