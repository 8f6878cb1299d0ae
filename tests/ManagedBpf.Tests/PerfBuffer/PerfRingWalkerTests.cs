using FsCheck.Xunit;
using ManagedBpf.PerfBuffer;
using ManagedBpf.RingBuffer;
using ManagedBpf.Tests.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.PerfBuffer;

/// <summary>The perf ring consumer over simulated memory: samples, wrapped records, lost counts, tail publication.</summary>
public class PerfRingWalkerTests
{
    [Fact]
    public void SamplesComeInOrderWithTheKernelsPadding()
    {
        using var ring = new PerfRingSimulator(4096);
        var cursor = PerfRingWalker.Start(ring.Layout);
        ring.Sample([1, 2, 3]);
        ring.Sample([.. Enumerable.Range(0, 64).Select(i => (byte)i)]);
        var seen = Drain(ring, ref cursor);
        // A raw sample is padded so that u32 size + bytes fill whole 8-byte words: 3 bytes become 4, 64 become 68.
        Assert.Equal([[1, 2, 3, 0], [.. Enumerable.Range(0, 64).Select(i => (byte)i), 0, 0, 0, 0]], seen);
        Assert.Equal(ring.Head, ring.Tail);
    }

    [Fact]
    public void ARecordThatRunsPastTheEndIsPutBackTogether()
    {
        using var ring = new PerfRingSimulator(256);
        var cursor = PerfRingWalker.Start(ring.Layout);
        var payloads = Enumerable.Range(0, 40).Select(i => Enumerable.Range(0, 20 + i % 50).Select(b => (byte)(b + i)).ToArray()).ToList();
        var expected = new List<byte[]>();
        var seen = new List<byte[]>();
        foreach (var payload in payloads)
        {
            Assert.True(ring.Sample(payload));
            expected.Add([.. payload, .. new byte[((payload.Length + 4 + 7) & ~7) - 4 - payload.Length]]);
            seen.AddRange(Drain(ring, ref cursor));
        }
        Assert.True(ring.Head > 2 * ring.Size, "the test never wrapped");
        Assert.Equal(expected, seen);
    }

    [Fact]
    public void LostRecordsAddUpAndOtherTypesAreSkipped()
    {
        using var ring = new PerfRingSimulator(256);
        var cursor = PerfRingWalker.Start(ring.Layout);
        var written = 0;
        for (var i = 0; i < 20; i++)
            written += ring.Sample(new byte[28]) ? 1 : 0;
        // 40-byte records: 6 fit in 256 bytes, the other 14 are lost.
        Assert.Equal(6, written);
        Assert.Equal(6, Drain(ring, ref cursor).Count);
        ring.Other(5, 16);
        Assert.True(ring.Sample(new byte[28]));
        Assert.Single(Drain(ring, ref cursor));
        Assert.Equal(14ul, cursor.Lost);
    }

    [Theory]
    [InlineData(CommitMode.Batched)]
    [InlineData(CommitMode.PerRecord)]
    public void TheTailIsPublishedPerModeAndAtTheEnd(CommitMode mode)
    {
        using var ring = new PerfRingSimulator(4096);
        var cursor = PerfRingWalker.Start(ring.Layout);
        for (var i = 0; i < 40; i++)
            ring.Sample(new byte[60]);
        var tails = new List<ulong>();
        var observer = new TailObserver(ring, tails);
        Assert.Equal(40, PerfRingWalker.Consume(ring.Layout, ref cursor, ref observer, int.MaxValue, mode));
        Assert.Equal(ring.Head, ring.Tail);
        // 72-byte records. Per record, the tail follows every sample; batched, it moves once more than a quarter of the
        // ring was read (after 15 records, then 30), and once at the end.
        Assert.Equal(mode == CommitMode.PerRecord ? 39 : 2, tails.Distinct().Count(t => t != 0));
    }

    [Fact]
    public void PullReadsSampleBySampleAndReleasesTheSpaceWhenDry()
    {
        using var ring = new PerfRingSimulator(256);
        var cursor = PerfRingWalker.Start(ring.Layout);
        ring.Sample([9]);
        ring.Sample([8]);
        Assert.True(PerfRingWalker.TryRead(ring.Layout, ref cursor, out var start, out var length, out var inScratch));
        Assert.Equal((12, 4, false), (start, length, inScratch));
        Assert.Equal(0ul, ring.Tail);
        Assert.True(PerfRingWalker.TryRead(ring.Layout, ref cursor, out start, out _, out _));
        Assert.Equal(16 + 12, start);
        Assert.False(PerfRingWalker.TryRead(ring.Layout, ref cursor, out _, out _, out _));
        Assert.Equal(ring.Head, ring.Tail);
    }

    [Fact]
    public void ARecordOfAnImpossibleSizeIsAFormatError()
    {
        using var ring = new PerfRingSimulator(256);
        var cursor = PerfRingWalker.Start(ring.Layout);
        ring.Corrupt(4);
        var collector = new RecordCollector();
        var error = Assert.Throws<BpfException>(() => PerfRingWalker.Consume(ring.Layout, ref cursor, ref collector, int.MaxValue, CommitMode.Batched));
        Assert.Contains("claims 4 bytes", error.Message);
    }

    [Fact]
    public void ASampleWhoseSizeOverrunsItsRecordIsAFormatError()
    {
        using var ring = new PerfRingSimulator(256);
        var cursor = PerfRingWalker.Start(ring.Layout);
        ring.Sample(new byte[12]);
        ring.Overrun(100, 24);
        var collector = new RecordCollector();
        var error = Assert.Throws<BpfException>(() => PerfRingWalker.Consume(ring.Layout, ref cursor, ref collector, int.MaxValue, CommitMode.Batched));
        Assert.Contains("claims 100 bytes in a 24-byte record", error.Message);
        Assert.Single(collector.Seen);
    }

    /// <summary>A handler that throws in the middle of a run of equal samples: its sample counts as read, the space up to
    /// it goes back to the producer, and the next drain starts after it.</summary>
    [Fact]
    public void AThrowingHandlersSampleCountsAsRead()
    {
        using var ring = new PerfRingSimulator(4096);
        var cursor = PerfRingWalker.Start(ring.Layout);
        for (var i = 0; i < 10; i++)
            ring.Sample([(byte)i, 0, 0, 0]);
        var thrower = new ThrowAt(3);
        Assert.Throws<InvalidOperationException>(() => PerfRingWalker.Consume(ring.Layout, ref cursor, ref thrower, int.MaxValue, CommitMode.Batched));
        Assert.Equal(4 * 16ul, ring.Tail);
        Assert.Equal([.. Enumerable.Range(4, 6).Select(i => new byte[] { (byte)i, 0, 0, 0 })], Drain(ring, ref cursor));
    }

    /// <summary>
    /// Random runs of equal samples, samples of other sizes, records of other types and losses (a 512-byte ring that
    /// wraps and fills), drained in random chunks in either commit mode: every written sample comes once, in order,
    /// whole; the lost counts add up to what did not fit; the tail ends at the head.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool DeliversEveryWrittenSampleInOrder(byte[] sizes, byte[] runs, int[] chunks, bool perRecord)
    {
        var mode = perRecord ? CommitMode.PerRecord : CommitMode.Batched;
        using var ring = new PerfRingSimulator(512);
        var cursor = PerfRingWalker.Start(ring.Layout);
        var expected = new List<byte[]>();
        var seen = new List<byte[]>();
        var lost = 0ul;
        var step = 0;
        for (var i = 0; i < sizes.Length; i++)
        {
            if (sizes[i] % 11 == 0)
                ring.Other(14, 8 * (1 + (sizes[i] % 3)));
            var run = 1 + (runs.Length == 0 ? 0 : runs[i % runs.Length] % 8);
            for (var r = 0; r < run; r++)
            {
                var payload = Enumerable.Range(0, 4 * (1 + (sizes[i] % 30))).Select(b => (byte)(b + i + r)).ToArray();
                if (ring.Sample(payload))
                    expected.Add([.. payload, .. new byte[((payload.Length + 4 + 7) & ~7) - 4 - payload.Length]]);
                else
                    lost++;
            }
            var chunk = chunks.Length == 0 ? int.MaxValue : 1 + Math.Abs(chunks[step++ % chunks.Length] % 20);
            var collector = new RecordCollector();
            var count = PerfRingWalker.Consume(ring.Layout, ref cursor, ref collector, chunk, mode);
            if (count != collector.Seen.Count || count > chunk)
                return false;
            seen.AddRange(collector.Seen);
        }
        seen.AddRange(Drain(ring, ref cursor));
        // A loss not yet reported waits for the next sample that fits, as in the kernel.
        ring.Sample([1, 2, 3, 4]);
        expected.Add([1, 2, 3, 4]);
        seen.AddRange(Drain(ring, ref cursor));
        return seen.Count == expected.Count && seen.Zip(expected).All(p => p.First.AsSpan().SequenceEqual(p.Second))
            && cursor.Lost == lost && ring.Tail == ring.Head;
    }

    private static List<byte[]> Drain(PerfRingSimulator ring, ref PerfCursor cursor)
    {
        var collector = new RecordCollector();
        var count = PerfRingWalker.Consume(ring.Layout, ref cursor, ref collector, int.MaxValue, CommitMode.Batched);
        Assert.Equal(count, collector.Seen.Count);
        return collector.Seen;
    }

    private struct ThrowAt(int index) : IRingRecordHandler
    {
        private int _seen;

        public void OnRecord(ReadOnlySpan<byte> record)
        {
            if (_seen++ == index)
                throw new InvalidOperationException("handler failed");
        }
    }

    private readonly struct TailObserver(PerfRingSimulator ring, List<ulong> tails) : IRingRecordHandler
    {
        public void OnRecord(ReadOnlySpan<byte> record) => tails.Add(ring.Tail);
    }
}
