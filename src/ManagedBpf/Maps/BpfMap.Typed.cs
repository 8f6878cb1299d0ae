using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.Btf;

namespace ManagedBpf.Maps;

/// <summary>
/// Typed element operations over unmanaged structs. Each checks the size of its key and value types against the
/// map's key and value sizes (which the kernel checked against the map's
/// BTF types at creation), so a wrong type is an <see cref="ArgumentException"/> naming both sizes, never a silent
/// truncation. Per-CPU maps take their own methods (<see cref="TryLookupPerCpu{TKey, TValue}"/>).
/// </summary>
public sealed partial class BpfMap
{
    /// <summary>BPF_MAP_UPDATE_ELEM of <paramref name="key"/> with <paramref name="value"/>.</summary>
    /// <exception cref="ArgumentException">A type's size differs from the map's, or the map is per-CPU.</exception>
    public void Update<TKey, TValue>(TKey key, TValue value, MapUpdateFlags flags = MapUpdateFlags.Any)
        where TKey : unmanaged where TValue : unmanaged
    {
        CheckKeyType<TKey>();
        CheckValueType<TValue>();
        Update(AsBytes(ref key), AsBytes(ref value), flags);
    }

    /// <summary>BPF_MAP_LOOKUP_ELEM of <paramref name="key"/>; false if absent.</summary>
    /// <exception cref="ArgumentException">A type's size differs from the map's, or the map is per-CPU.</exception>
    public bool TryLookup<TKey, TValue>(TKey key, out TValue value) where TKey : unmanaged where TValue : unmanaged
    {
        CheckKeyType<TKey>();
        CheckValueType<TValue>();
        value = default;
        return TryLookup(AsBytes(ref key), AsWritableBytes(ref value));
    }

    /// <summary>BPF_MAP_LOOKUP_AND_DELETE_ELEM of <paramref name="key"/>: the value, removed atomically; false if absent.</summary>
    /// <exception cref="ArgumentException">A type's size differs from the map's, or the map is per-CPU.</exception>
    public bool TryLookupAndDelete<TKey, TValue>(TKey key, out TValue value) where TKey : unmanaged where TValue : unmanaged
    {
        CheckKeyType<TKey>();
        CheckValueType<TValue>();
        value = default;
        return TryLookupAndDelete(AsBytes(ref key), AsWritableBytes(ref value));
    }

    /// <summary>BPF_MAP_DELETE_ELEM of <paramref name="key"/>; false if absent.</summary>
    /// <exception cref="ArgumentException"><typeparamref name="TKey"/>'s size differs from the map's key size.</exception>
    public bool Delete<TKey>(TKey key) where TKey : unmanaged
    {
        CheckKeyType<TKey>();
        return Delete(AsBytes(ref key));
    }

    /// <summary>
    /// Pushes <paramref name="value"/> onto a queue or stack, or adds it to a bloom filter (an update without key).
    /// <see cref="MapUpdateFlags.Exist"/> makes a full queue or stack drop its oldest element instead of failing with
    /// E2BIG. Queue and stack: 4.20+; bloom filter: 5.16+.
    /// </summary>
    public void Push<TValue>(TValue value, MapUpdateFlags flags = MapUpdateFlags.Any) where TValue : unmanaged
    {
        CheckKeyless();
        CheckValueType<TValue>();
        Update([], AsBytes(ref value), flags);
    }

    /// <summary>Takes the next element off a queue (oldest) or stack (newest); false when it is empty.</summary>
    public bool TryPop<TValue>(out TValue value) where TValue : unmanaged
    {
        CheckKeyless();
        CheckValueType<TValue>();
        value = default;
        return TryLookupAndDelete([], AsWritableBytes(ref value));
    }

    /// <summary>Reads the element <see cref="TryPop{TValue}"/> would take, leaving it there; false when empty.</summary>
    public bool TryPeek<TValue>(out TValue value) where TValue : unmanaged
    {
        CheckKeyless();
        CheckValueType<TValue>();
        value = default;
        return TryLookup([], AsWritableBytes(ref value));
    }

    /// <summary>
    /// Asks a bloom filter whether <paramref name="value"/> was added: false means certainly not, true means probably
    /// (a false positive is possible, at the rate the filter's size and hash count give). 5.16+.
    /// </summary>
    public bool MayContain<TValue>(TValue value) where TValue : unmanaged
    {
        if (Type != MapType.BloomFilter)
            throw new InvalidOperationException($"map '{Name}' is a {Type}, not a bloom filter");
        CheckValueType<TValue>();
        // The kernel reads the value to test from the lookup's value buffer (map_lookup_elem copies it in for bloom
        // filters) and answers ENOENT when it is not there.
        return TryLookup([], AsWritableBytes(ref value));
    }

    /// <summary>Throws unless <typeparamref name="TKey"/> is as large as the map's keys.</summary>
    internal void CheckKeyType<TKey>() where TKey : unmanaged
    {
        if (Unsafe.SizeOf<TKey>() != KeySize)
            throw new ArgumentException($"map '{Name}' has {KeySize}-byte keys{Described(KeyBtfType)}; {typeof(TKey).Name} is {Unsafe.SizeOf<TKey>()} bytes", "key");
    }

    /// <summary>Throws unless the map is not per-CPU and <typeparamref name="TValue"/> is as large as its values.</summary>
    internal void CheckValueType<TValue>() where TValue : unmanaged
    {
        if (IsPerCpu)
            throw new ArgumentException($"map '{Name}' is a per-CPU map ({Type}): it has one value per possible CPU; use TryLookupPerCpu, UpdatePerCpu or the byte-span overloads", "value");
        CheckValueSize<TValue>();
    }

    private void CheckValueSize<TValue>() where TValue : unmanaged
    {
        if (Unsafe.SizeOf<TValue>() != ValueSize)
            throw new ArgumentException($"map '{Name}' has {ValueSize}-byte values{Described(ValueBtfType)}; {typeof(TValue).Name} is {Unsafe.SizeOf<TValue>()} bytes", "value");
    }

    private void CheckKeyless()
    {
        if (Type is not (MapType.Queue or MapType.Stack or MapType.BloomFilter))
            throw new InvalidOperationException($"map '{Name}' is a {Type}: only queues, stacks and bloom filters have values without keys");
    }

    private static string Described(BtfType? type) => type switch
    {
        null => "",
        BtfComposite { Kind: BtfKind.Union } union => $" (union {union.Name})",
        BtfComposite composite => $" (struct {composite.Name})",
        _ when type.Name.Length > 0 => $" ({type.Name})",
        _ => "",
    };

    private static ReadOnlySpan<byte> AsBytes<T>(ref T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value));

    private static Span<byte> AsWritableBytes<T>(ref T value) where T : unmanaged =>
        MemoryMarshal.AsBytes(new Span<T>(ref value));
}
