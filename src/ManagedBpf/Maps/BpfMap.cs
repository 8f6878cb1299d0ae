using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;

namespace ManagedBpf.Maps;

/// <summary>
/// A map living in the kernel. Created from a <see cref="MapSpec"/>; element operations go through bpf(2).
/// Disposing closes the fd; the kernel frees the map once no program or fd references it.
/// Element operations may run on several threads at once (the kernel makes each one atomic); a concurrent Dispose
/// makes later calls throw <see cref="ObjectDisposedException"/> but never lets a call reach a reused fd number.
/// </summary>
public sealed unsafe partial class BpfMap : IDisposable
{
    private readonly SafeFd _fd;

    private BpfMap(SafeFd fd, string name, MapType type, uint keySize, uint valueSize, uint maxEntries, MapFlags flags)
    {
        _fd = fd;
        Name = name;
        Type = type;
        KeySize = keySize;
        ValueSize = valueSize;
        MaxEntries = maxEntries;
        Flags = flags;
        var info = default(MapInfo);
        BpfSyscall.GetInfo(fd, ref info, name);
        Id = info.Id;
        ValueBufferSize = MapBtfPolicy.IsPerCpu(type) ? checked((int)((valueSize + 7) & ~7u) * PossibleCpus.Count) : (int)valueSize;
    }

    /// <summary>The name the map was created with (the kernel keeps at most 15 characters).</summary>
    public string Name { get; }

    /// <summary>The map type.</summary>
    public MapType Type { get; }

    /// <summary>Key size in bytes.</summary>
    public uint KeySize { get; }

    /// <summary>Value size in bytes (per CPU for per-CPU maps).</summary>
    public uint ValueSize { get; }

    /// <summary>Maximum entries (the data size in bytes for ring buffers).</summary>
    public uint MaxEntries { get; }

    /// <summary>Creation flags.</summary>
    public MapFlags Flags { get; }

    /// <summary>The kernel-wide map id (bpftool map show).</summary>
    public uint Id { get; }

    /// <summary>The map fd, e.g. for BPF_PSEUDO_MAP_FD relocations.</summary>
    public SafeFd Fd => _fd;

    /// <summary>Bytes user space reads or writes per value: <see cref="ValueSize"/>, or round_up(ValueSize, 8) × possible
    /// CPUs for per-CPU maps.</summary>
    public int ValueBufferSize { get; }

    /// <summary>True for per-CPU maps (PERCPU_HASH, PERCPU_ARRAY, LRU_PERCPU_HASH, PERCPU_CGROUP_STORAGE): user space
    /// reads and writes one value per possible CPU (<see cref="PossibleCpus.Count"/>).</summary>
    public bool IsPerCpu => MapBtfPolicy.IsPerCpu(Type);

    /// <summary>The key's type in the object's BTF, when the map came from an object that declares it (<c>__type(key, ...)</c>).</summary>
    public BtfType? KeyBtfType { get; private set; }

    /// <summary>The value's type in the object's BTF (a DATASEC for global data), when the object declares it.</summary>
    public BtfType? ValueBtfType { get; private set; }

    /// <summary>
    /// BPF_MAP_CREATE from <paramref name="spec"/>; then writes <see cref="MapSpec.InitialValue"/> into element 0 and
    /// freezes the map if <see cref="MapSpec.Freeze"/> is set. For map-in-map types, the
    /// <see cref="MapSpec.InnerMap"/> template is created first and closed again once the outer map exists.
    /// </summary>
    /// <param name="spec">The map definition.</param>
    /// <param name="btf">The object's BTF; used for the key/value type ids when the map type accepts them.</param>
    /// <remarks>If the kernel rejects the BTF ids, creation is retried without them, as libbpf does for old kernels.
    /// <see cref="MapSpec.InitialSlots"/> and <see cref="MapSpec.Pinning"/> are left to <see cref="BpfObject.Load"/>.</remarks>
    public static BpfMap Create(MapSpec spec, BtfHandle? btf = null) => Create(spec, btf, spec?.InitialValue);

    /// <summary>As <see cref="Create(MapSpec, BtfHandle?)"/>, with element 0 taken from <paramref name="initialValue"/>
    /// (values computed at load time, such as the <c>.kconfig</c> map's).</summary>
    internal static BpfMap Create(MapSpec spec, BtfHandle? btf, byte[]? initialValue)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Type is not (MapType.ArrayOfMaps or MapType.HashOfMaps))
            return Create(spec, btf, initialValue, inner: null);
        // The kernel needs a map to copy the inner type, sizes and flags from (inner_map_fd) and keeps only that
        // copy, so the template itself is closed again right away.
        var innerSpec = spec.InnerMap ?? throw new BpfException($"map '{spec.Name}': {spec.Type} needs an inner map definition (__array(values, struct {{ ... }}))");
        BpfMap inner;
        try
        {
            inner = Create(innerSpec, btf, innerSpec.InitialValue, inner: null);
        }
        catch (BpfSyscallException e)
        {
            throw new BpfSyscallException(e.Operation, e.Errno, spec.Name, $"creating the inner map template '{innerSpec.Name}' failed", e);
        }
        using (inner)
            return Create(spec, btf, initialValue, inner);
    }

    private static BpfMap Create(MapSpec spec, BtfHandle? btf, byte[]? initialValue, BpfMap? inner)
    {
        // A struct_ops map names its kernel value type, and the kernel then wants the object's BTF too.
        var withBtf = btf is not null && MapBtfPolicy.AcceptsKeyValueTypes(spec.Type) &&
                      (spec.BtfKeyTypeId != 0 || spec.BtfValueTypeId != 0 || spec.VmlinuxValueTypeId != 0);
        var fd = TryCreate(spec, withBtf ? btf : null, inner, out var errno);
        if (fd is null && withBtf && errno != Errno.EPERM)
            fd = TryCreate(spec, null, inner, out _);
        if (fd is null)
            throw MapTypeSupport.CreateFailure(spec, errno);

        try
        {
            var map = new BpfMap(fd, spec.Name, spec.Type, spec.KeySize, spec.ValueSize, MapDefaults.MaxEntries(spec), spec.Flags);
            map.ApplyInitialState(initialValue, spec.Freeze);
            return map;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>
    /// BPF_MAP_UPDATE_ELEM. <paramref name="value"/> must be <see cref="ValueBufferSize"/> bytes (one slot per possible
    /// CPU for per-CPU maps). For maps without keys (queue, stack, bloom filter) <paramref name="key"/> is empty and
    /// the value is pushed (with <see cref="MapUpdateFlags.Exist"/>, a full queue or stack drops its oldest element).
    /// </summary>
    /// <exception cref="BpfSyscallException">The kernel refused: EEXIST or ENOENT for <see cref="MapUpdateFlags.NoExist"/> and
    /// <see cref="MapUpdateFlags.Exist"/>, E2BIG when the map is full, EPERM when it is frozen, EINVAL or EOPNOTSUPP when
    /// user space cannot write this map type (stack traces).</exception>
    public void Update(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, MapUpdateFlags flags = MapUpdateFlags.Any)
    {
        CheckKey(key);
        if (value.Length != ValueBufferSize)
            throw new ArgumentException($"map '{Name}' takes {ValueBufferSize}-byte values, got {value.Length}", nameof(value));
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            var attr = ElementAttr(k, v, (ulong)flags);
            ElementCall(BpfCommand.MapUpdateElem, ref attr, absentIsAnswer: false);
        }
    }

    /// <summary>
    /// BPF_MAP_LOOKUP_ELEM into <paramref name="value"/> (at least <see cref="ValueBufferSize"/> bytes); false if the
    /// key is absent. For a queue or stack (empty key) it peeks at the next element; for a bloom filter (empty key)
    /// <paramref name="value"/> is the input and true means "maybe present". Map-in-map and program arrays answer the
    /// id of the map or program stored (a u32).
    /// </summary>
    public bool TryLookup(ReadOnlySpan<byte> key, Span<byte> value) => ReadElement(BpfCommand.MapLookupElem, key, value);

    /// <summary>
    /// BPF_MAP_LOOKUP_AND_DELETE_ELEM: reads the element into <paramref name="value"/> and removes it, atomically;
    /// false if the key is absent. For a queue or stack (empty key) it pops the next element. Queues and stacks
    /// (4.20+); hash maps (5.14+).
    /// </summary>
    public bool TryLookupAndDelete(ReadOnlySpan<byte> key, Span<byte> value) => ReadElement(BpfCommand.MapLookupAndDeleteElem, key, value);

    /// <summary>BPF_MAP_DELETE_ELEM; false if the key was absent.</summary>
    public bool Delete(ReadOnlySpan<byte> key)
    {
        CheckKey(key);
        fixed (byte* k = key)
        {
            var attr = ElementAttr(k, null, 0);
            return ElementCall(BpfCommand.MapDeleteElem, ref attr, absentIsAnswer: true);
        }
    }

    /// <summary>
    /// BPF_MAP_GET_NEXT_KEY: the key after <paramref name="key"/> (or the first key when it is empty); false at the
    /// end. A hash map starts over at its first key when <paramref name="key"/> is no longer in it
    /// (htab_map_get_next_key in kernel/bpf/hashtab.c).
    /// </summary>
    public bool TryGetNextKey(ReadOnlySpan<byte> key, Span<byte> nextKey)
    {
        if (!key.IsEmpty)
            CheckKey(key);
        if (nextKey.Length < KeySize)
            throw new ArgumentException($"map '{Name}' has {KeySize}-byte keys", nameof(nextKey));
        fixed (byte* k = key)
        fixed (byte* n = nextKey)
        {
            var attr = ElementAttr(key.IsEmpty ? null : k, n, 0);
            return ElementCall(BpfCommand.MapGetNextKey, ref attr, absentIsAnswer: true);
        }
    }

    /// <summary>BPF_MAP_FREEZE: user space can no longer write the map (programs still can unless
    /// <see cref="MapFlags.ReadOnlyProgram"/>). Needs kernel 5.2+.</summary>
    public void Freeze()
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        var attr = ElementAttr(null, null, 0);
        ElementCall(BpfCommand.MapFreeze, ref attr, absentIsAnswer: false);
    }

    /// <summary>Closes the map fd.</summary>
    public void Dispose() => _fd.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"map {Name} (id {Id}, {Type})";

    /// <summary>Remembers the key and value types <paramref name="spec"/> names in <paramref name="btf"/> (the object's), for
    /// <see cref="KeyBtfType"/>, <see cref="ValueBtfType"/> and the messages of the typed operations.</summary>
    internal void DescribeTypes(BtfSpec? btf, MapSpec spec)
    {
        if (btf is null)
            return;
        KeyBtfType = spec.BtfKeyTypeId == 0 ? null : btf.GetType((int)spec.BtfKeyTypeId);
        ValueBtfType = spec.BtfValueTypeId == 0 ? null : btf.GetType((int)spec.BtfValueTypeId);
    }

    private static SafeFd? TryCreate(MapSpec spec, BtfHandle? btf, BpfMap? inner, out Errno errno)
    {
        using var innerFd = HandleLease.Of(inner?._fd);
        return TryCreate(spec, btf, (uint)innerFd.Raw, out errno);
    }

    private static SafeFd? TryCreate(MapSpec spec, BtfHandle? btf, uint innerMapFd, out Errno errno)
    {
        var attr = new MapCreateAttr
        {
            MapType = (uint)spec.Type,
            KeySize = spec.KeySize,
            ValueSize = spec.ValueSize,
            MaxEntries = MapDefaults.MaxEntries(spec),
            MapFlags = (uint)spec.Flags,
            NumaNode = spec.Flags.HasFlag(MapFlags.NumaNode) ? spec.NumaNode : 0,
            MapExtra = spec.MapExtra,
            InnerMapFd = innerMapFd,
            BtfVmlinuxValueTypeId = spec.VmlinuxValueTypeId,
        };
        ObjectName.Encode(spec.KernelName, new Span<byte>(attr.MapName, ObjectName.Capacity));
        using var btfFd = HandleLease.Of(btf?.Fd);
        if (btf is not null)
        {
            attr.BtfFd = (uint)btfFd.Raw;
            attr.BtfKeyTypeId = spec.BtfKeyTypeId;
            attr.BtfValueTypeId = spec.BtfValueTypeId;
        }
        var result = BpfSyscall.TryInvoke(BpfCommand.MapCreate, ref attr, out errno);
        return result < 0 ? null : SafeFd.FromRaw((int)result, "BPF_MAP_CREATE", spec.Name);
    }

    private void ApplyInitialState(byte[]? image, bool freeze)
    {
        if (image is not null)
        {
            if (image.Length > ValueBufferSize)
                throw new BpfException($"map '{Name}': initial value of {image.Length} bytes exceeds the {ValueBufferSize}-byte value");
            var value = new byte[ValueBufferSize];
            image.CopyTo(value, 0);
            Span<byte> key = stackalloc byte[(int)KeySize];
            Update(key, value);
        }
        if (freeze)
            Freeze();
    }

    /// <summary>A lookup (or lookup-and-delete) of <paramref name="key"/> into <paramref name="value"/>; false if absent.</summary>
    private bool ReadElement(BpfCommand command, ReadOnlySpan<byte> key, Span<byte> value)
    {
        CheckKey(key);
        if (value.Length < ValueBufferSize)
            throw new ArgumentException($"map '{Name}' returns {ValueBufferSize}-byte values, buffer has {value.Length}", nameof(value));
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            var attr = ElementAttr(k, v, 0);
            return ElementCall(command, ref attr, absentIsAnswer: true);
        }
    }

    private static MapElemAttr ElementAttr(byte* key, byte* value, ulong flags) =>
        new() { Key = (ulong)key, Value = (ulong)value, Flags = flags };

    // Holds a reference on the fd for the duration of the call, so a concurrent Dispose cannot close the number
    // (and let the process reuse it for another object) mid-call. For lookups, deletes and next-key, ENOENT is an
    // answer ("no such key" / "no next key"), not a failure.
    private bool ElementCall(BpfCommand command, ref MapElemAttr attr, bool absentIsAnswer)
    {
        Errno errno;
        using (var map = HandleLease.Of(_fd))
        {
            attr.MapFd = (uint)map.Raw;
            if (BpfSyscall.TryInvoke(command, ref attr, out errno) >= 0)
                return true;
        }
        return absentIsAnswer && errno == Errno.ENOENT ? false : throw SyscallError.Create(command.Name(), errno, Name);
    }

    private void CheckKey(ReadOnlySpan<byte> key)
    {
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        if (key.Length != KeySize)
            throw new ArgumentException($"map '{Name}' takes {KeySize}-byte keys, got {key.Length}", nameof(key));
    }

}
