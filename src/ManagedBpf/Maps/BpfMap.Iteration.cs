namespace ManagedBpf.Maps;

/// <summary>Walking a map from user space.</summary>
public sealed partial class BpfMap
{
    /// <summary>
    /// Every key, in the kernel's iteration order (see <see cref="MapKeys{TKey}"/> for what a changing map does).
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="TKey"/>'s size differs from the map's key size.</exception>
    public MapKeys<TKey> Keys<TKey>() where TKey : unmanaged
    {
        CheckKeyType<TKey>();
        return new MapKeys<TKey>(this);
    }

    /// <summary>
    /// Every key with its value, read in batches where the kernel has them (5.6+, hash maps and arrays): then each
    /// element comes once even while the map changes. <c>foreach (var (key, value) in map.Entries&lt;uint, ulong&gt;())</c>.
    /// Per-CPU maps: walk <see cref="Keys{TKey}"/> and read each with <see cref="TryLookupPerCpu{TKey, TValue}"/>.
    /// </summary>
    /// <exception cref="ArgumentException">A type's size differs from the map's, or the map is per-CPU.</exception>
    public MapEntries<TKey, TValue> Entries<TKey, TValue>() where TKey : unmanaged where TValue : unmanaged
    {
        CheckKeyType<TKey>();
        CheckValueType<TValue>();
        return new MapEntries<TKey, TValue>(this);
    }
}
