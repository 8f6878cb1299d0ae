using System.Runtime.InteropServices;

namespace ManagedBpf.Maps;

/// <summary>Typed conveniences over the byte-span element operations.</summary>
public sealed partial class BpfMap
{
    /// <summary>Updates <paramref name="key"/> with <paramref name="value"/>; both must match the map's sizes.</summary>
    public void Update<TKey, TValue>(TKey key, TValue value, MapUpdateFlags flags = MapUpdateFlags.Any)
        where TKey : unmanaged where TValue : unmanaged =>
        Update(AsBytes(ref key), AsBytes(ref value), flags);

    /// <summary>Looks <paramref name="key"/> up; false if absent.</summary>
    public bool TryLookup<TKey, TValue>(TKey key, out TValue value) where TKey : unmanaged where TValue : unmanaged
    {
        value = default;
        return TryLookup(AsBytes(ref key), MemoryMarshal.AsBytes(new Span<TValue>(ref value)));
    }

    /// <summary>Deletes <paramref name="key"/>; false if absent.</summary>
    public bool Delete<TKey>(TKey key) where TKey : unmanaged => Delete(AsBytes(ref key));

    /// <summary>All keys, in the kernel's iteration order (which changes if the map changes meanwhile).</summary>
    public IEnumerable<TKey> Keys<TKey>() where TKey : unmanaged
    {
        var current = Array.Empty<byte>();
        var next = new byte[KeySize];
        while (TryGetNextKey(current, next))
        {
            yield return MemoryMarshal.Read<TKey>(next);
            current = (byte[])next.Clone();
        }
    }

    private static ReadOnlySpan<byte> AsBytes<T>(ref T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value));
}
