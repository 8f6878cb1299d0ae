using FsCheck.Xunit;
using ManagedBpf.RingBuf;
using Xunit;

namespace ManagedBpf.Tests.Interop;

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
    public void EmptyRingYieldsNothing()
    {
        using var ring = new RingSimulator(16);
        Assert.Empty(Drain(ring));
        Assert.Equal(0ul, ring.Consumer);
    }

    [Fact]
    public void MaxRecordsLimitsOneCall()
    {
        using var ring = new RingSimulator(64);
        for (byte i = 0; i < 3; i++)
            ring.Commit(ring.Reserve([i])!.Value, discard: false);
        var seen = new List<byte[]>();
        Assert.Equal(2, RingWalker.Consume(ring.Layout, r => seen.Add(r.ToArray()), maxRecords: 2));
        Assert.Equal(1, RingWalker.Consume(ring.Layout, r => seen.Add(r.ToArray())));
        Assert.Equal([[0], [1], [2]], seen);
    }

    [Fact]
    public void AThrowingHandlerStillConsumesItsRecord()
    {
        using var ring = new RingSimulator(64);
        ring.Commit(ring.Reserve([1])!.Value, discard: false);
        ring.Commit(ring.Reserve([2])!.Value, discard: false);
        Assert.Throws<InvalidOperationException>(() => RingWalker.Consume(ring.Layout, _ => throw new InvalidOperationException()));
        Assert.Equal(16ul, ring.Consumer);
        Assert.Equal([[2]], Drain(ring));
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
    /// Random interleavings of reserve / commit (in any order, as several CPUs would) / discard / consume: the
    /// consumer sees exactly the non-discarded payloads in reservation order and ends where the producer is.
    /// </summary>
    [Property(MaxTest = 300)]
    public bool DeliversExactlyTheCommittedRecordsInReservationOrder(byte[] lengths, bool[] discards, int[] schedule)
    {
        using var ring = new RingSimulator(256);
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
            var payload = Enumerable.Range(0, lengths[i] % 60).Select(b => (byte)(b ^ i)).ToArray();
            var discard = discards.Length > 0 && discards[i % discards.Length];
            var position = ring.Reserve(payload);
            while (position is null)
            {
                // Full: commit everything and drain, as a real consumer eventually would.
                while (pending.Count > 0)
                    Commit(0);
                seen.AddRange(Drain(ring));
                position = ring.Reserve(payload);
            }
            pending.Add(position.Value);
            reserved.Add((payload, discard, position.Value));
            switch (Next() % 3)
            {
                case 1:
                    Commit(Next() % pending.Count);
                    break;
                case 2:
                    seen.AddRange(Drain(ring));
                    // Never past the oldest uncommitted record.
                    if (pending.Count > 0 && ring.Consumer > pending.Min())
                        return false;
                    break;
            }
        }
        while (pending.Count > 0)
            Commit(0);
        seen.AddRange(Drain(ring));
        var expected = reserved.Where(r => !r.Discard).Select(r => r.Payload).ToList();
        return ring.Consumer == ring.Producer && seen.Count == expected.Count &&
               seen.Zip(expected).All(p => p.First.SequenceEqual(p.Second));
    }

    private static List<byte[]> Drain(RingSimulator ring)
    {
        var seen = new List<byte[]>();
        RingWalker.Consume(ring.Layout, record => seen.Add(record.ToArray()));
        return seen;
    }
}
