using System.Runtime.InteropServices;
using ManagedBpf.Interop;

namespace ManagedBpf.Maps;

/// <summary>
/// BPF_MAP_{LOOKUP,LOOKUP_AND_DELETE,UPDATE,DELETE}_BATCH (5.6+): many elements per system call. Hash maps (and
/// their per-CPU and LRU forms) and arrays have them; for other map types, and on older kernels, the same methods
/// fall back to one call per key, as libbpf's users do, with the same results. Keys and values are packed:
/// <see cref="KeySize"/> bytes per key, <see cref="ValueBufferSize"/> bytes per value (one slot per possible CPU for
/// per-CPU maps).
/// </summary>
public sealed unsafe partial class BpfMap
{
    // Set once the kernel proved it has no batch operation for this map (EINVAL before 5.6, ENOTSUPP for a map type
    // without one). Racing threads at worst each try the batch call once more: no ordering needed.
    private bool _noBatch;

    /// <summary>
    /// Reads the next elements of the walk <paramref name="cursor"/> stands for into <paramref name="keys"/> and
    /// <paramref name="values"/>, as many as both have room for; returns how many (0 once <see cref="MapBatchCursor.Done"/>).
    /// Each element comes once even while the map changes: the kernel walks a hash map bucket by bucket.
    /// </summary>
    /// <exception cref="BpfSyscallException">ENOSPC: a hash bucket holds more elements than the buffers have room for
    /// (give more room and call again with the same cursor).</exception>
    public int LookupBatch(MapBatchCursor cursor, Span<byte> keys, Span<byte> values) =>
        ReadBatch(BpfCommand.MapLookupBatch, cursor, keys, values);

    /// <summary>
    /// As <see cref="LookupBatch(MapBatchCursor, Span{byte}, Span{byte})"/>, deleting each element read (hash maps; the
    /// per-key fallback deletes after each lookup).
    /// </summary>
    public int LookupAndDeleteBatch(MapBatchCursor cursor, Span<byte> keys, Span<byte> values) =>
        ReadBatch(BpfCommand.MapLookupAndDeleteBatch, cursor, keys, values);

    /// <summary>Writes every key of <paramref name="keys"/> with its value in <paramref name="values"/>; returns how many.</summary>
    /// <exception cref="BpfSyscallException">An element failed; those before it were written.</exception>
    public int UpdateBatch(ReadOnlySpan<byte> keys, ReadOnlySpan<byte> values, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        var count = ElementCount(keys.Length, nameof(keys));
        if (values.Length != count * ValueBufferSize)
            throw new ArgumentException($"map '{Name}': {count} keys need {count * ValueBufferSize} bytes of values, got {values.Length}", nameof(values));
        fixed (byte* k = keys)
        fixed (byte* v = values)
        {
            if (TryWriteBatch(BpfCommand.MapUpdateBatch, k, v, count, (ulong)flags))
                return count;
        }
        for (var i = 0; i < count; i++)
            Update(keys.Slice(i * (int)KeySize, (int)KeySize), values.Slice(i * ValueBufferSize, ValueBufferSize), flags);
        return count;
    }

    /// <summary>Deletes every key of <paramref name="keys"/>; returns how many.</summary>
    /// <exception cref="BpfSyscallException">A key was absent (ENOENT) or could not be deleted; those before it were.</exception>
    public int DeleteBatch(ReadOnlySpan<byte> keys)
    {
        var count = ElementCount(keys.Length, nameof(keys));
        fixed (byte* k = keys)
        {
            if (TryWriteBatch(BpfCommand.MapDeleteBatch, k, null, count, 0))
                return count;
        }
        for (var i = 0; i < count; i++)
        {
            if (!Delete(keys.Slice(i * (int)KeySize, (int)KeySize)))
                throw SyscallError.Create(BpfCommand.MapDeleteElem.Name(), Errno.ENOENT, Name, $"key {i} of the batch is not in the map");
        }
        return count;
    }

    /// <summary>Typed <see cref="LookupBatch(MapBatchCursor, Span{byte}, Span{byte})"/>: fills both spans as far as the shorter allows.</summary>
    public int LookupBatch<TKey, TValue>(MapBatchCursor cursor, Span<TKey> keys, Span<TValue> values)
        where TKey : unmanaged where TValue : unmanaged
    {
        CheckKeyType<TKey>();
        CheckValueType<TValue>();
        return LookupBatch(cursor, MemoryMarshal.AsBytes(keys), MemoryMarshal.AsBytes(values));
    }

    /// <summary>Typed <see cref="UpdateBatch(ReadOnlySpan{byte}, ReadOnlySpan{byte}, MapUpdateFlags)"/>.</summary>
    public int UpdateBatch<TKey, TValue>(ReadOnlySpan<TKey> keys, ReadOnlySpan<TValue> values, MapUpdateFlags flags = MapUpdateFlags.Any)
        where TKey : unmanaged where TValue : unmanaged
    {
        CheckKeyType<TKey>();
        CheckValueType<TValue>();
        return UpdateBatch(MemoryMarshal.AsBytes(keys), MemoryMarshal.AsBytes(values), flags);
    }

    /// <summary>Typed <see cref="DeleteBatch(ReadOnlySpan{byte})"/>.</summary>
    public int DeleteBatch<TKey>(ReadOnlySpan<TKey> keys) where TKey : unmanaged
    {
        CheckKeyType<TKey>();
        return DeleteBatch(MemoryMarshal.AsBytes(keys));
    }

    private int ReadBatch(BpfCommand command, MapBatchCursor cursor, Span<byte> keys, Span<byte> values)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        ElementCount(0, nameof(keys));
        var room = Math.Min(keys.Length / (int)KeySize, values.Length / ValueBufferSize);
        if (room == 0)
            throw new ArgumentException($"map '{Name}': the buffers have no room for one element ({KeySize}-byte key, {ValueBufferSize}-byte value)", nameof(values));
        if (cursor.Done)
            return 0;
        if (!cursor.PerKey && !Volatile.Read(ref _noBatch))
        {
            if (cursor.Position.Length == 0)
                cursor.Position = new byte[Math.Max(KeySize, sizeof(uint))];
            fixed (byte* position = cursor.Position)
            fixed (byte* k = keys)
            fixed (byte* v = values)
            {
                // One buffer serves as in_batch and out_batch: the kernel reads in_batch before it writes out_batch
                // (htab_map_lookup_batch and generic_map_lookup_batch alike).
                var attr = new MapBatchAttr
                {
                    InBatch = cursor.Started ? (ulong)position : 0,
                    OutBatch = (ulong)position,
                    Keys = (ulong)k,
                    Values = (ulong)v,
                    Count = (uint)room,
                };
                if (BatchCall(command, ref attr, out var errno))
                {
                    cursor.Started = true;
                    return (int)attr.Count;
                }
                // ENOENT: the walk reached the end; count says how many elements this last batch holds.
                if (errno == Errno.ENOENT)
                {
                    cursor.Done = true;
                    return (int)attr.Count;
                }
                if (cursor.Started || !IsBatchMissing(errno))
                    throw SyscallError.Create(command.Name(), errno, Name,
                        errno == Errno.ENOSPC ? "a hash bucket holds more elements than the buffers have room for; give more room" : null);
                Volatile.Write(ref _noBatch, true);
            }
        }
        cursor.PerKey = true;
        return ReadPerKey(command == BpfCommand.MapLookupAndDeleteBatch, cursor, keys, values, room);
    }

    /// <summary>
    /// The fallback walk: BPF_MAP_GET_NEXT_KEY from the cursor's last key, then a lookup per key. A key deleted
    /// between the two is skipped; one deleted under the cursor sends the kernel back to the first key (as for
    /// libbpf's users), so a key can come twice, and the walk ends after 2 × max_entries keys rather than chase a map
    /// that keeps changing forever.
    /// </summary>
    private int ReadPerKey(bool delete, MapBatchCursor cursor, Span<byte> keys, Span<byte> values, int room)
    {
        var keySize = (int)KeySize;
        if (cursor.Position.Length < keySize)
            cursor.Position = new byte[keySize];
        var last = cursor.Position.AsSpan(0, keySize);
        var count = 0;
        while (count < room)
        {
            var key = keys.Slice(count * keySize, keySize);
            if (++cursor.Steps > 2L * MaxEntries + 1 || !TryGetNextKey(cursor.Started ? last : [], key))
            {
                cursor.Done = true;
                break;
            }
            key.CopyTo(last);
            // After a deletion the next key is found from the start again: the deleted key is no longer there to follow.
            cursor.Started = !delete;
            var value = values.Slice(count * ValueBufferSize, ValueBufferSize);
            if (delete ? TryLookupAndDeleteOrDelete(key, value) : TryLookup(key, value))
                count++;
        }
        return count;
    }

    /// <summary>BPF_MAP_LOOKUP_AND_DELETE_ELEM where the map type has it, else a lookup and a delete.</summary>
    private bool TryLookupAndDeleteOrDelete(ReadOnlySpan<byte> key, Span<byte> value)
    {
        try
        {
            return TryLookupAndDelete(key, value);
        }
        catch (BpfSyscallException e) when (e.Errno is Errno.ENOTSUPP or Errno.EOPNOTSUPP or Errno.EINVAL)
        {
            return TryLookup(key, value) && Delete(key);
        }
    }

    private bool TryWriteBatch(BpfCommand command, byte* keys, byte* values, int count, ulong elementFlags)
    {
        if (count == 0 || Volatile.Read(ref _noBatch))
            return count == 0;
        var attr = new MapBatchAttr { Keys = (ulong)keys, Values = (ulong)values, Count = (uint)count, ElemFlags = elementFlags };
        if (BatchCall(command, ref attr, out var errno))
            return true;
        // A missing operation leaves count as it was given; one that ran writes back how many elements it did.
        if (attr.Count != count || !IsBatchMissing(errno))
            throw SyscallError.Create(command.Name(), errno, Name, $"{attr.Count} of {count} elements done");
        Volatile.Write(ref _noBatch, true);
        return false;
    }

    private bool BatchCall(BpfCommand command, ref MapBatchAttr attr, out Errno errno)
    {
        using var map = HandleLease.Of(_fd);
        attr.MapFd = (uint)map.Raw;
        return BpfSyscall.TryInvoke(command, ref attr, out errno) >= 0;
    }

    /// <summary>
    /// The kernel has no such batch operation for this map: EINVAL before 5.6 (an unknown command), ENOTSUPP from
    /// bpf_map_do_batch for a map type without it.
    /// </summary>
    private static bool IsBatchMissing(Errno errno) => errno is Errno.EINVAL or Errno.ENOTSUPP or Errno.EOPNOTSUPP;

    private int ElementCount(int keyBytes, string parameter)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        if (KeySize == 0)
            throw new InvalidOperationException($"map '{Name}' ({Type}) has no keys to walk or write in batches");
        if (keyBytes % KeySize != 0)
            throw new ArgumentException($"map '{Name}' has {KeySize}-byte keys; {keyBytes} bytes are not a whole number of them", parameter);
        return keyBytes / (int)KeySize;
    }
}
