using System.Runtime.CompilerServices;

namespace ManagedBpf.Maps;

/// <summary>
/// A hash, array, LRU hash or LPM trie map whose keys are <typeparamref name="TKey"/> and values
/// <typeparamref name="TValue"/>: C types laid out as the object's BTF says (what <c>mbpf gen</c> writes, or a
/// primitive). The element operations of <see cref="BpfMap"/>, typed; the sizes are checked once, here.
/// </summary>
public sealed class BpfMap<TKey, TValue> where TKey : unmanaged where TValue : unmanaged
{
    /// <exception cref="ArgumentException">The map's key or value size differs from the types', or the map keeps a
    /// value per CPU (one <typeparamref name="TValue"/> would not hold them).</exception>
    public BpfMap(BpfMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.KeySize != Unsafe.SizeOf<TKey>() || map.ValueBufferSize != Unsafe.SizeOf<TValue>())
        {
            throw new ArgumentException($"map '{map.Name}' has {map.KeySize}-byte keys and {map.ValueBufferSize}-byte values " +
                $"(all CPUs'), not {Unsafe.SizeOf<TKey>()} ({typeof(TKey).Name}) and {Unsafe.SizeOf<TValue>()} ({typeof(TValue).Name})", nameof(map));
        }
        Map = map;
    }

    /// <summary>The map itself.</summary>
    public BpfMap Map { get; }

    /// <summary>BPF_MAP_UPDATE_ELEM: stores <paramref name="value"/> under <paramref name="key"/>.</summary>
    public void Update(TKey key, TValue value, MapUpdateFlags flags = MapUpdateFlags.Any) => Map.Update(key, value, flags);

    /// <summary>BPF_MAP_LOOKUP_ELEM: the value under <paramref name="key"/>; false when there is none.</summary>
    public bool TryLookup(TKey key, out TValue value) => Map.TryLookup(key, out value);

    /// <summary>BPF_MAP_DELETE_ELEM: false when there was no such key.</summary>
    public bool Delete(TKey key) => Map.Delete(key);

    /// <summary>Every key, in the kernel's order (<see cref="BpfMap.Keys{TKey}"/>).</summary>
    public IEnumerable<TKey> Keys => Map.Keys<TKey>();

    /// <inheritdoc/>
    public override string ToString() => Map.ToString();
}
