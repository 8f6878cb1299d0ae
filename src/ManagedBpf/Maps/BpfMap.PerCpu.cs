using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.Kernel;

namespace ManagedBpf.Maps;

/// <summary>
/// Per-CPU values (PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH, PERCPU_CGROUP_STORAGE): user space reads and writes
/// one value per possible CPU, CPU 0 first. The kernel lays each out in a round_up(value_size, 8)-byte slot
/// (bpf_map_value_size, kernel/bpf/syscall.c); these methods hide that padding, and copy nothing when the value
/// size is already a multiple of 8.
/// </summary>
public sealed partial class BpfMap
{
    // Slots this large or smaller are unpacked from the stack; beyond, from a pooled array.
    private const int StackScratchLimit = 1024;

    /// <summary>
    /// Reads <paramref name="key"/>'s value on every possible CPU into <paramref name="values"/> (at least
    /// <see cref="PossibleCpus.Count"/> long, CPU <c>i</c> at index <c>i</c>); false if the key is absent.
    /// </summary>
    /// <exception cref="ArgumentException">The map is not per-CPU, a type's size differs from the map's, or
    /// <paramref name="values"/> is too short.</exception>
    public bool TryLookupPerCpu<TKey, TValue>(TKey key, Span<TValue> values) where TKey : unmanaged where TValue : unmanaged
    {
        CheckPerCpu<TKey, TValue>(values.Length);
        var keyBytes = AsBytes(ref key);
        var cpus = PossibleCpus.Count;
        if (Unsafe.SizeOf<TValue>() == SlotSize)
            return TryLookup(keyBytes, MemoryMarshal.AsBytes(values[..cpus]));
        byte[]? rented = null;
        var scratch = ValueBufferSize <= StackScratchLimit ? stackalloc byte[ValueBufferSize] : (rented = ArrayPool<byte>.Shared.Rent(ValueBufferSize));
        try
        {
            if (!TryLookup(keyBytes, scratch))
                return false;
            for (var cpu = 0; cpu < cpus; cpu++)
                values[cpu] = MemoryMarshal.Read<TValue>(scratch[(cpu * SlotSize)..]);
            return true;
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>As <see cref="TryLookupPerCpu{TKey, TValue}(TKey, Span{TValue})"/>, into a new array; null if the key is absent.</summary>
    public TValue[]? LookupPerCpu<TKey, TValue>(TKey key) where TKey : unmanaged where TValue : unmanaged
    {
        var values = new TValue[PossibleCpus.Count];
        return TryLookupPerCpu(key, values.AsSpan()) ? values : null;
    }

    /// <summary>
    /// Writes <paramref name="key"/>'s value on every possible CPU from <paramref name="values"/> (exactly
    /// <see cref="PossibleCpus.Count"/> long, CPU <c>i</c> at index <c>i</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The map is not per-CPU, a type's size differs from the map's, or
    /// <paramref name="values"/> does not have one value per possible CPU.</exception>
    public void UpdatePerCpu<TKey, TValue>(TKey key, ReadOnlySpan<TValue> values, MapUpdateFlags flags = MapUpdateFlags.Any)
        where TKey : unmanaged where TValue : unmanaged
    {
        CheckPerCpu<TKey, TValue>(values.Length);
        if (values.Length != PossibleCpus.Count)
            throw new ArgumentException($"map '{Name}' takes one value per possible CPU ({PossibleCpus.Count}), got {values.Length}", nameof(values));
        var keyBytes = AsBytes(ref key);
        if (Unsafe.SizeOf<TValue>() == SlotSize)
        {
            Update(keyBytes, MemoryMarshal.AsBytes(values), flags);
            return;
        }
        byte[]? rented = null;
        var scratch = ValueBufferSize <= StackScratchLimit ? stackalloc byte[ValueBufferSize] : (rented = ArrayPool<byte>.Shared.Rent(ValueBufferSize));
        try
        {
            // The padding of each slot goes to the kernel too; zero it rather than leak stack or pool bytes.
            scratch = scratch[..ValueBufferSize];
            scratch.Clear();
            for (var cpu = 0; cpu < values.Length; cpu++)
                MemoryMarshal.Write(scratch[(cpu * SlotSize)..], in values[cpu]);
            Update(keyBytes, scratch, flags);
        }
        finally
        {
            if (rented is not null)
                ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>round_up(value_size, 8): the bytes one CPU's value takes in a per-CPU value buffer.</summary>
    private int SlotSize => (int)((ValueSize + 7) & ~7u);

    private void CheckPerCpu<TKey, TValue>(int length) where TKey : unmanaged where TValue : unmanaged
    {
        if (!IsPerCpu)
            throw new ArgumentException($"map '{Name}' is a {Type}, not a per-CPU map: use TryLookup and Update", "values");
        CheckKeyType<TKey>();
        CheckValueSize<TValue>();
        if (length < PossibleCpus.Count)
            throw new ArgumentException($"map '{Name}' has one value per possible CPU ({PossibleCpus.Count}); the span holds {length}", "values");
    }
}
