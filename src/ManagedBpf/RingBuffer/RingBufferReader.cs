using ManagedBpf.Maps;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// Reads records from one or several BPF_MAP_TYPE_RINGBUF maps (5.8+) in place, through their mappings, waiting with
/// one epoll set over all of them. Records are handed over as spans into the ring (no copy): during the handler
/// call (<see cref="RecordReader.Poll{THandler}(TimeSpan, ref THandler, CancellationToken)"/>), or until the next call
/// (<see cref="RecordReader.TryRead"/>, <see cref="RecordReader.ReadAllAsync"/>). Positions are published per batch
/// (<see cref="CommitMode.Batched"/>) unless asked otherwise. A record that wraps past the end of the ring reads
/// contiguously: the kernel maps the data pages twice in a row.
/// Not thread-safe: one thread reads; only <see cref="RecordReader.Wake"/> and cancellation may come from elsewhere.
/// </summary>
public sealed class RingBufferReader : RecordReader
{
    /// <summary>Maps <paramref name="map"/>, which must be a ring buffer.</summary>
    public RingBufferReader(BpfMap map, CommitMode commitMode = CommitMode.Batched)
        : this([map ?? throw new ArgumentNullException(nameof(map))], commitMode)
    {
    }

    /// <summary>Maps every ring buffer of <paramref name="maps"/> (at least one), to be polled together.</summary>
    public RingBufferReader(IReadOnlyList<BpfMap> maps, CommitMode commitMode = CommitMode.Batched)
        : base(MapAll(maps), maps[0].Name, commitMode)
    {
    }

    private static List<IRecordRing> MapAll(IReadOnlyList<BpfMap> maps)
    {
        ArgumentNullException.ThrowIfNull(maps);
        if (maps.Count == 0)
            throw new ArgumentException("no ring buffer map given", nameof(maps));
        var rings = new List<IRecordRing>(maps.Count);
        try
        {
            foreach (var map in maps)
                rings.Add(new RingMapping(map));
        }
        catch
        {
            foreach (var ring in rings)
                ring.Dispose();
            throw;
        }
        return rings;
    }
}
