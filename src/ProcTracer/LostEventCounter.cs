using System.Buffers.Binary;
using ManagedBpf;
using ManagedBpf.Maps;

namespace ProcTracer;

/// <summary>
/// Reads the count of records BPF programs could not reserve, kept by the convention of <c>bpf/lost_events.h</c>: a
/// per-CPU array named <c>lost_events</c> of u64 counters indexed by a u32 slot (slot 0 for an object's one ring).
/// The ring buffer itself counts nothing: a failed bpf_ringbuf_reserve is invisible unless the program counts it.
/// </summary>
internal sealed class LostEventCounter
{
    /// <summary>The map name of the convention.</summary>
    public const string MapName = "lost_events";

    private readonly BpfMap _map;
    private readonly byte[] _values;

    /// <summary>Reads <paramref name="map"/>, which must be a per-CPU array with u32 keys and u64 values.</summary>
    public LostEventCounter(BpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Type != MapType.PerCpuArray || map.KeySize != sizeof(uint) || map.ValueSize != sizeof(ulong))
            throw new ArgumentException(
                $"map '{map.Name}' is a {map.Type} of {map.KeySize}-byte keys and {map.ValueSize}-byte values, not a PerCpuArray of u32 to u64", nameof(map));
        _map = map;
        _values = new byte[map.ValueBufferSize];
    }

    /// <summary>The counter of <paramref name="bpfObject"/> (its <c>lost_events</c> map), or null when it has none.</summary>
    public static LostEventCounter? Find(BpfObject bpfObject)
    {
        ArgumentNullException.ThrowIfNull(bpfObject);
        return bpfObject.Maps.TryGetValue(MapName, out var map) ? new LostEventCounter(map) : null;
    }

    /// <summary>Records lost in the ring of <paramref name="slot"/> so far, summed over every CPU. Not thread-safe.</summary>
    public ulong Read(uint slot = 0)
    {
        Span<byte> key = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(key, slot);
        if (!_map.TryLookup(key, _values))
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"map '{_map.Name}' has {_map.MaxEntries} slots");
        // Per-CPU values come back one per possible CPU, each padded to 8 bytes (here exactly 8).
        ulong total = 0;
        for (var offset = 0; offset < _values.Length; offset += sizeof(ulong))
            total += BinaryPrimitives.ReadUInt64LittleEndian(_values.AsSpan(offset));
        return total;
    }
}
