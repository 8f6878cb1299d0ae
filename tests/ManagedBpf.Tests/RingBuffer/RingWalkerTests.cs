using FsCheck.Xunit;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>The consumer protocol over simulated ring memory: records, discard, busy, wrap-around.</summary>
public class RingBufWalkerTests
{
    [Fact]
    public void DeliversCommittedRecordsInOrderAndAdvancesByRoundedLength()
    {
        using var ring = new RingSimulator(64);
        ring.Commit(ring.Reserve([1, 2, 3])!.Value, discard: false);
        ring.Commit(ring.Reserve([4, 5, 6, 7, 8, 9, 10, 11, 12])!.Value, discard: false);
        var seen = Drain(ring);
        Assert.Equal([[1, 2, 3], [4, 5, 6, 7, 8, 9, 10, 11, 12]], seen);
        Assert.Equal(16ul + 24ul, ring.Consumer); // round_up(3 + 8, 8) + round_up(9 + 8, 8)
    }

    [Fact]
    public void SkipsDiscardedRecordsButConsumesTheirSpace()
    {
        using var ring = new RingSimulator(64);
        ring.Commit(ring.Reserve([1])!.Value, discard: true);
        ring.Commit(ring.Reserve([2])!.Value, discard: false);
        Assert.Equal([[2]], Drain(ring));
        Assert.Equal(ring.Producer, ring.Consumer);
    }

    [Fact]
    public void StopsAtABusyRecordAndResumesAfterItsCommit()
    {
        using var ring = new RingSimulator(64);
        ring.Commit(ring.Reserve([1])!.Value, discard: false);
        var busy = ring.Reserve([2])!.Value;
        ring.Commit(ring.Reserve([3])!.Value, discard: false);

        Assert.Equal([[1]], Drain(ring));
        Assert.Equal(busy, ring.Consumer); // parked on the busy record: its commit will wake the poller

        ring.Commit(busy, discard: false);
        Assert.Equal([[2], [3]], Drain(ring));
    }

    [Fact]
    public void ReadsARecordThatWrapsContiguously()
    {
        using var ring = new RingSimulator(32);
        ring.Commit(ring.Reserve(new byte[12])!.Value, discard: false); // 24 bytes: next record starts at 24
        Drain(ring);
        var payload = Enumerable.Range(1, 16).Select(i => (byte)i).ToArray(); // 24 bytes, wraps past 32
        ring.Commit(ring.Reserve(payload)!.Value, discard: false);
        Assert.Equal([payload], Drain(ring));
        Assert.Equal(48ul, ring.Consumer);
    }

    [Fact]
    public unsafe void PullSkipsDiscardedRecordsParksAtABusyOneAndPublishesWhenDry()
    {
        using var ring = new RingSimulator(256);
        ring.Commit(ring.Reserve([1])!.Value, discard: true);
        ring.Commit(ring.Reserve([2, 2])!.Value, discard: false);
        var busy = ring.Reserve([3])!.Value;
        var cursor = RingWalker.Start(ring.Layout);

        Assert.True(RingWalker.TryRead(ring.Layout, ref cursor, out var record, out var length));
        Assert.Equal([2, 2], new ReadOnlySpan<byte>(record, length).ToArray());
        Assert.Equal(0ul, ring.Consumer); // still handed out: nothing published yet
        Assert.False(RingWalker.TryRead(ring.Layout, ref cursor, out _, out _));
        Assert.Equal(busy, ring.Consumer); // published up to the busy record, whose commit will wake the poller
        Assert.False(RingWalker.HasRecord(ring.Layout, cursor.Position));

        ring.Commit(busy, discard: false);
        Assert.True(RingWalker.HasRecord(ring.Layout, cursor.Position));
        Assert.True(RingWalker.TryRead(ring.Layout, ref cursor, out record, out length));
        Assert.Equal([3], new ReadOnlySpan<byte>(record, length).ToArray());
        RingWalker.Commit(ring.Layout, ref cursor);
        Assert.Equal(ring.Producer, ring.Consumer);
    }

    [Fact]
    public unsafe void PullsCommonPathTakesOnlyCommittedRecordsOfTheLastSizeBelowTheKnownProducer()
    {
        using var ring = new RingSimulator(512);
        ring.Commit(ring.Reserve([1])!.Value, discard: false);
        ring.Commit(ring.Reserve([2])!.Value, discard: false);
        ring.Commit(ring.Reserve([3])!.Value, discard: true);
        ring.Commit(ring.Reserve([4, 4, 4, 4, 4, 4, 4, 4, 4])!.Value, discard: false);
        var busy = ring.Reserve([5, 5, 5, 5, 5, 5, 5, 5, 5])!.Value;
        var cursor = RingWalker.Start(ring.Layout);

        // No producer position read yet, no size known: TryRead decides.
        Assert.False(RingWalker.TryReadCommon(ring.Layout, ref cursor, out _, out _));
        Assert.True(RingWalker.TryRead(ring.Layout, ref cursor, out var record, out var length));
        Assert.Equal([1], new ReadOnlySpan<byte>(record, length).ToArray());
        Assert.True(RingWalker.TryReadCommon(ring.Layout, ref cursor, out record, out length));
        Assert.Equal([2], new ReadOnlySpan<byte>(record, length).ToArray());
        // A discarded record, then a new size: both left to TryRead, which skips the first.
        Assert.False(RingWalker.TryReadCommon(ring.Layout, ref cursor, out _, out _));
        Assert.True(RingWalker.TryRead(ring.Layout, ref cursor, out record, out length));
        Assert.Equal(9, length);
        Assert.Equal(4, record[0]);
        // A BUSY record of the same size: not taken, and the cursor stays at it.
        var position = cursor.Position;
        Assert.False(RingWalker.TryReadCommon(ring.Layout, ref cursor, out _, out _));
        Assert.Equal(busy, position);
        Assert.Equal(position, cursor.Position);
        ring.Commit(busy, discard: false);
        Assert.True(RingWalker.TryReadCommon(ring.Layout, ref cursor, out record, out _));
        Assert.Equal(5, record[0]);
        Assert.Equal(0ul, ring.Consumer); // nothing published on the way
    }

    [Fact]
    public unsafe void PullPublishesAQuarterOfTheRingAtATime()
    {
        using var ring = new RingSimulator(256);
        for (var i = 0; i < 12; i++)
            ring.Commit(ring.Reserve(new byte[8])!.Value, discard: false); // 16 bytes each
        var cursor = RingWalker.Start(ring.Layout);
        var published = new List<ulong>();
        while (RingWalker.TryRead(ring.Layout, ref cursor, out _, out _))
            published.Add(ring.Consumer);
        // The records before the one handed out go back once more than 64 bytes of them were read.
        Assert.Equal([0ul, 0, 0, 0, 0, 80, 80, 80, 80, 80, 160, 160], published);
        Assert.Equal(192ul, ring.Consumer);
    }

    [Fact]
    public void EmptyRingYieldsNothing()
    {
        using var ring = new RingSimulator(16);
        Assert.Empty(Drain(ring));
        Assert.Equal(0ul, ring.Consumer);
    }

    [Theory]
    [InlineData(CommitMode.Batched)]
    [InlineData(CommitMode.PerRecord)]
    public void MaxRecordsLimitsOneCall(CommitMode mode)
    {
        using var ring = new RingSimulator(64);
        for (byte i = 0; i < 3; i++)
            ring.Commit(ring.Reserve([i])!.Value, discard: false);
        Assert.Equal([[0], [1]], RecordCollector.Drain(ring, mode, maxRecords: 2));
        Assert.Equal(32ul, ring.Consumer);
        Assert.Equal([[2]], RecordCollector.Drain(ring, mode));
    }

    [Theory]
    [InlineData(CommitMode.Batched)]
    [InlineData(CommitMode.PerRecord)]
    public void AThrowingHandlerStillConsumesItsRecord(CommitMode mode)
    {
        using var ring = new RingSimulator(64);
        for (byte i = 0; i < 3; i++)
            ring.Commit(ring.Reserve([i])!.Value, discard: false);
        var collector = new RecordCollector { ThrowAt = 1 };
        Assert.Throws<InvalidOperationException>(() => RingWalker.Consume(ring.Layout, ref collector, int.MaxValue, mode));
        Assert.Equal([[0]], collector.Seen);
        Assert.Equal(32ul, ring.Consumer); // the first two records, the throwing one included
        Assert.Equal([[2]], RecordCollector.Drain(ring, mode));
    }

    /// <summary>A drain with a record limit stops inside a run of equal records, and the next one goes on from there.</summary>
    [Fact]
    public void TheRecordLimitStopsARunOfEqualRecords()
    {
        using var ring = new RingSimulator(1024);
        for (byte i = 0; i < 10; i++)
            ring.Commit(ring.Reserve([i, i, i, i])!.Value, discard: false);
        var first = new RecordCollector();
        Assert.Equal(3, RingWalker.Consume(ring.Layout, ref first, 3, CommitMode.Batched));
        Assert.Equal(3 * 16ul, ring.Consumer);
        var rest = new RecordCollector();
        Assert.Equal(7, RingWalker.Consume(ring.Layout, ref rest, int.MaxValue, CommitMode.Batched));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => new[] { (byte)i, (byte)i, (byte)i, (byte)i })], [.. first.Seen, .. rest.Seen]);
    }

    [Fact]
    public void BatchedCommitsPublishTheConsumerPositionOncePerQuarterOfTheRing()
    {
        using var ring = new RingSimulator(1024);
        for (var i = 0; i < 40; i++)
            ring.Commit(ring.Reserve(new byte[16])!.Value, discard: false); // 24 bytes each, 960 in all
        var published = new List<ulong>();
        var observer = new PositionObserver(ring, published);
        Assert.Equal(40, RingWalker.Consume(ring.Layout, ref observer, int.MaxValue, CommitMode.Batched));
        // While the handler runs, the published position lags by at most a quarter of the ring plus one record.
        Assert.All(published.Zip(Enumerable.Range(0, 40)), p => Assert.InRange((ulong)p.Second * 24 - p.First, 0ul, 256ul + 24ul));
        Assert.True(published.Distinct().Count() <= 5, $"{published.Distinct().Count()} distinct positions seen");
        Assert.Equal(960ul, ring.Consumer);
    }

    [Fact]
    public void PerRecordCommitsPublishBeforeTheNextRecord()
    {
        using var ring = new RingSimulator(1024);
        for (var i = 0; i < 10; i++)
            ring.Commit(ring.Reserve(new byte[16])!.Value, discard: false);
        var published = new List<ulong>();
        var observer = new PositionObserver(ring, published);
        RingWalker.Consume(ring.Layout, ref observer, int.MaxValue, CommitMode.PerRecord);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (ulong)i * 24), published);
    }

    [Fact]
    public void ACorruptLengthIsReportedNotFollowed()
    {
        using var ring = new RingSimulator(32);
        var position = ring.Reserve([1])!.Value;
        ring.Commit(position, discard: false);
        unsafe
        {
            *(uint*)ring.Layout.Data = 1000; // impossible length
        }
        Assert.Throws<BpfException>(() => Drain(ring));
    }

    /// <summary>
    /// Random interleavings of reserve (any size that fits the ring, header rounding and wrap-around included),
    /// commit or discard in any order (as several CPUs would), partial and full drains: in either commit mode the
    /// consumer hands over exactly the committed, non-discarded payloads in reservation order, never passes an
    /// uncommitted record, and ends where the producer is.
    /// </summary>
    [Property(MaxTest = 500)]
    public bool DeliversExactlyTheCommittedRecordsInReservationOrder(
        int[] lengths, bool[] discards, int[] schedule, bool perRecord, bool smallRing)
    {
        var mode = perRecord ? CommitMode.PerRecord : CommitMode.Batched;
        using var ring = new RingSimulator(smallRing ? 64ul : 512ul);
        var pending = new List<ulong>();
        var reserved = new List<(byte[] Payload, bool Discard, ulong Position)>();
        var seen = new List<byte[]>();
        var step = 0;
        int Next() => schedule.Length == 0 ? 0 : Math.Abs(schedule[step++ % schedule.Length] % 1000);
        void Commit(int index)
        {
            var position = pending[index];
            pending.RemoveAt(index);
            ring.Commit(position, reserved.Single(r => r.Position == position).Discard);
        }

        for (var i = 0; i < lengths.Length; i++)
        {
            // Every length whose rounded footprint fits the ring, biased towards small ones.
            var limit = Next() % 4 == 0 ? (int)ring.Size - 8 : 40;
            var payload = Enumerable.Range(0, Math.Abs(lengths[i] % (limit + 1))).Select(b => (byte)(b * 7 + i)).ToArray();
            var discard = discards.Length > 0 && discards[i % discards.Length];
            var position = ring.Reserve(payload);
            while (position is null)
            {
                // Full: commit everything and drain, as a real consumer eventually would.
                while (pending.Count > 0)
                    Commit(0);
                seen.AddRange(RecordCollector.Drain(ring, mode));
                position = ring.Reserve(payload);
            }
            pending.Add(position.Value);
            reserved.Add((payload, discard, position.Value));
            switch (Next() % 4)
            {
                case 1:
                    Commit(Next() % pending.Count);
                    break;
                case 2:
                case 3:
                    seen.AddRange(RecordCollector.Drain(ring, mode, maxRecords: Next() % 4 == 0 ? 1 + Next() % 3 : int.MaxValue));
                    // Never past the oldest uncommitted record.
                    if (pending.Count > 0 && ring.Consumer > pending.Min())
                        return false;
                    break;
            }
        }
        while (pending.Count > 0)
            Commit(Next() % pending.Count);
        seen.AddRange(RecordCollector.Drain(ring, mode));
        var expected = reserved.Where(r => !r.Discard).Select(r => r.Payload).ToList();
        return ring.Consumer == ring.Producer && seen.Count == expected.Count &&
               seen.Zip(expected).All(p => p.First.SequenceEqual(p.Second));
    }

    private static List<byte[]> Drain(RingSimulator ring) => RecordCollector.Drain(ring);

    /// <summary>Notes the published consumer position each time a record is handed over.</summary>
    private readonly struct PositionObserver(RingSimulator ring, List<ulong> published) : IRingRecordHandler
    {
        public void OnRecord(ReadOnlySpan<byte> record) => published.Add(ring.Consumer);
    }
}
