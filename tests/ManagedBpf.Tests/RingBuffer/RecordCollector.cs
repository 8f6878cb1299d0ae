using ManagedBpf.RingBuffer;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>Copies every record it is handed into <see cref="Seen"/>; throws on the record numbered <see cref="ThrowAt"/>.</summary>
internal struct RecordCollector() : IRingRecordHandler
{
    public List<byte[]> Seen { get; } = [];

    public int ThrowAt { get; init; } = -1;

    public readonly void OnRecord(ReadOnlySpan<byte> record)
    {
        if (Seen.Count == ThrowAt)
            throw new InvalidOperationException("handler failed");
        Seen.Add(record.ToArray());
    }

    /// <summary>Drains <paramref name="ring"/> with the walker; returns what it delivered.</summary>
    public static List<byte[]> Drain(RingSimulator ring, CommitMode mode = CommitMode.Batched, int maxRecords = int.MaxValue)
    {
        var collector = new RecordCollector();
        var count = RingWalker.Consume(ring.Layout, ref collector, maxRecords, mode);
        if (count != collector.Seen.Count)
            throw new InvalidOperationException($"walker returned {count} but delivered {collector.Seen.Count}");
        return collector.Seen;
    }
}
