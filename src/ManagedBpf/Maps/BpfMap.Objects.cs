using System.Runtime.InteropServices;
using ManagedBpf.Interop;

namespace ManagedBpf.Maps;

/// <summary>
/// Maps whose values or keys are other kernel objects, named by file descriptor. User space stores a program, map,
/// perf event, cgroup or socket by its fd; the kernel keeps a reference to the object (not the fd) and answers a
/// lookup with the object's id where it has one. Local storage maps (SK_STORAGE, INODE_STORAGE, TASK_STORAGE,
/// CGRP_STORAGE) are keyed by the fd of the object that owns the value: a socket, a file, a pidfd, a cgroup directory.
/// </summary>
public sealed partial class BpfMap
{
    /// <summary>
    /// Stores the object behind <paramref name="objectFd"/> at <paramref name="key"/>: a program in a PROG_ARRAY, a
    /// map in an ARRAY_OF_MAPS or HASH_OF_MAPS (it must match the inner map template), a perf event in a
    /// PERF_EVENT_ARRAY, a cgroup directory in a CGROUP_ARRAY, a socket in a SOCKMAP, SOCKHASH or XSKMAP. The fd may
    /// be closed afterwards: the map holds the object.
    /// </summary>
    /// <exception cref="ArgumentException">The map's values are not 4 bytes (an fd), or the key type's size differs.</exception>
    public void UpdateFd<TKey>(TKey key, SafeHandle objectFd, MapUpdateFlags flags = MapUpdateFlags.Any) where TKey : unmanaged
    {
        ArgumentNullException.ThrowIfNull(objectFd);
        CheckKeyType<TKey>();
        if (ValueSize != sizeof(int))
            throw new ArgumentException($"map '{Name}' ({Type}) has {ValueSize}-byte values, not file descriptors", nameof(objectFd));
        using var lease = HandleLease.Of(objectFd);
        var raw = lease.Raw;
        Update(AsBytes(ref key), AsBytes(ref raw), flags);
    }

    /// <summary>
    /// The map stored at <paramref name="key"/> of an ARRAY_OF_MAPS or HASH_OF_MAPS, opened by the id the lookup
    /// answers (BPF_MAP_GET_FD_BY_ID); null if the slot is empty. The caller owns (disposes) the returned map.
    /// </summary>
    public BpfMap? TryOpenInnerMap<TKey>(TKey key) where TKey : unmanaged
    {
        if (Type is not (MapType.ArrayOfMaps or MapType.HashOfMaps))
            throw new InvalidOperationException($"map '{Name}' is a {Type}, not a map of maps");
        return TryLookup(key, out uint id) ? FromId(id) : null;
    }

    /// <summary>Reads the value that <paramref name="owner"/> (socket, file, pidfd or cgroup fd) owns in this local storage map; false if none.</summary>
    public bool TryLookup<TValue>(SafeHandle owner, out TValue value) where TValue : unmanaged
    {
        CheckValueType<TValue>();
        value = default;
        using var lease = OwnerKey(owner, out var key);
        return TryLookup(AsBytes(ref key), AsWritableBytes(ref value));
    }

    /// <summary>Creates or replaces the value <paramref name="owner"/> owns in this local storage map (or a CGRP_STORAGE map).</summary>
    public void Update<TValue>(SafeHandle owner, TValue value, MapUpdateFlags flags = MapUpdateFlags.Any) where TValue : unmanaged
    {
        CheckValueType<TValue>();
        using var lease = OwnerKey(owner, out var key);
        Update(AsBytes(ref key), AsBytes(ref value), flags);
    }

    /// <summary>Removes the value <paramref name="owner"/> owns in this local storage map; false if it had none.</summary>
    public bool Delete(SafeHandle owner)
    {
        using var lease = OwnerKey(owner, out var key);
        return Delete(AsBytes(ref key));
    }

    /// <summary>The key of a local storage map: the owner's fd, held open for the call.</summary>
    private HandleLease OwnerKey(SafeHandle owner, out int key)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (Type is not (MapType.SkStorage or MapType.InodeStorage or MapType.TaskStorage or MapType.CgrpStorage))
            throw new InvalidOperationException($"map '{Name}' is a {Type}, not a local storage map keyed by an owner's fd");
        var lease = HandleLease.Of(owner);
        key = lease.Raw;
        return lease;
    }
}
