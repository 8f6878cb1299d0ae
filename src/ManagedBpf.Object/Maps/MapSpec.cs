namespace ManagedBpf.Maps;

/// <summary>
/// A map as the object file defines it (a <c>.maps</c> BTF definition or a global-data section). Plain data:
/// it holds no fd and can be edited (resized, renamed) before <c>BpfObject.Load</c>.
/// </summary>
public sealed class MapSpec
{
    /// <summary>A map declared by hand, not read from an object (created by BPF_MAP_CREATE at load).</summary>
    /// <param name="name">The map's name (the kernel keeps its first 15 characters).</param>
    /// <param name="type">The map type.</param>
    /// <param name="keySize">key_size in bytes.</param>
    /// <param name="valueSize">value_size in bytes.</param>
    /// <param name="maxEntries">max_entries.</param>
    /// <param name="flags">map_flags.</param>
    public MapSpec(string name, MapType type, uint keySize, uint valueSize, uint maxEntries, MapFlags flags = MapFlags.None)
    {
        Name = name;
        Type = type;
        KeySize = keySize;
        ValueSize = valueSize;
        MaxEntries = maxEntries;
        Flags = flags;
    }

    /// <summary>A deep copy of <paramref name="other"/>: its image, inner map, slots and struct_ops data are the copy's own.</summary>
    private MapSpec(MapSpec other)
        : this(other.Name, other.Type, other.KeySize, other.ValueSize, other.MaxEntries, other.Flags)
    {
        MapExtra = other.MapExtra;
        NumaNode = other.NumaNode;
        BtfKeyTypeId = other.BtfKeyTypeId;
        BtfValueTypeId = other.BtfValueTypeId;
        SectionName = other.SectionName;
        InitialValue = (byte[]?)other.InitialValue?.Clone();
        InnerMap = other.InnerMap?.Copy();
        foreach (var (slot, target) in other.InitialSlots)
            InitialSlots.Add(slot, target);
        Pinning = other.Pinning;
        StructOps = other.StructOps is { } ops ? ops with { Data = (byte[])ops.Data.Clone() } : null;
        VmlinuxValueTypeId = other.VmlinuxValueTypeId;
        Freeze = other.Freeze;
        _kernelName = other._kernelName;
    }

    /// <summary>The map's name in the object (the kernel keeps at most 15 bytes of it).</summary>
    public string Name { get; set; }

    /// <summary>The map type (BPF_MAP_CREATE map_type); each type has its minimum kernel (<see cref="MapType"/>).</summary>
    public MapType Type { get; set; }

    /// <summary>key_size in bytes (0 for maps without keys: ring buffers, queues, stacks, Bloom filters).</summary>
    public uint KeySize { get; set; }

    /// <summary>value_size in bytes (0 for ring buffers).</summary>
    public uint ValueSize { get; set; }

    /// <summary>max_entries: elements, or bytes for a ring buffer (a power-of-two multiple of the page size).</summary>
    public uint MaxEntries { get; set; }

    /// <summary>map_flags given to BPF_MAP_CREATE.</summary>
    public MapFlags Flags { get; set; }

    /// <summary>map_extra (bloom filter hash count, arena address); zero for most maps.</summary>
    public ulong MapExtra { get; set; }

    /// <summary>Numa node when <see cref="MapFlags.NumaNode"/> is set.</summary>
    public uint NumaNode { get; set; }

    /// <summary>BTF type id of the key in the object's BTF, or 0.</summary>
    public uint BtfKeyTypeId { get; set; }

    /// <summary>BTF type id of the value in the object's BTF, or 0.</summary>
    public uint BtfValueTypeId { get; set; }

    /// <summary>For global data (.rodata/.data/.bss): the ELF section this map stands for.</summary>
    public string? SectionName { get; init; }

    /// <summary>
    /// The largest image a reader builds for <see cref="InitialValue"/> (a global-data section or the <c>.kconfig</c>
    /// externs): it is allocated here, then again by the kernel at map creation, and .bss and .kconfig sizes are not
    /// bounded by the file's length. 64 MiB is far beyond any real object.
    /// </summary>
    internal const int MaxInitialValueSize = 64 << 20;

    /// <summary>For global data: the image written into element 0 before programs load. Editable through variables.</summary>
    public byte[]? InitialValue { get; set; }

    /// <summary>
    /// For ARRAY_OF_MAPS and HASH_OF_MAPS: the inner map definition (<c>__array(values, struct { ... })</c>), named
    /// <c>&lt;outer&gt;.inner</c>. The kernel takes it as a template at creation (inner_map_fd): every map stored in
    /// the outer map must agree with it in type, key size, value size and flags.
    /// </summary>
    public MapSpec? InnerMap { get; set; }

    /// <summary>
    /// Slots filled at load (<c>.values = { [i] = &amp;x }</c>), by slot index (the key): map names for map-in-map
    /// types, filled once every map exists; program names for PROG_ARRAY, filled once the programs are loaded.
    /// </summary>
    public IDictionary<uint, string> InitialSlots { get; } = new SortedDictionary<uint, string>();

    /// <summary>Whether the map is pinned (and an existing pin reused) at load.</summary>
    public MapPinning Pinning { get; set; }

    /// <summary>For a struct_ops map: the ops struct it holds and the programs behind its function pointers.</summary>
    public StructOpsSpec? StructOps { get; init; }

    /// <summary>For a struct_ops map at creation: the kernel's value type (btf_vmlinux_value_type_id).</summary>
    internal uint VmlinuxValueTypeId { get; init; }

    /// <summary>Freeze after writing <see cref="InitialValue"/> (libbpf does so for .rodata, so the verifier can trust it).</summary>
    public bool Freeze { get; set; }

    /// <summary>
    /// The name given to the kernel: at most BPF_OBJ_NAME_LEN - 1 (15) bytes. Global-data maps get libbpf's
    /// object-prefixed name (<c>bootstra.rodata</c>) so that tools show the same names for either loader.
    /// </summary>
    public string KernelName
    {
        get => _kernelName ?? (Name.Length <= 15 ? Name : Name[..15]);
        init => _kernelName = value;
    }

    private readonly string? _kernelName;

    /// <summary>A copy that shares nothing editable with this one (see <see cref="ObjectSpec.Copy"/>).</summary>
    internal MapSpec Copy() => new(this);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Name}: {Type} key {KeySize} value {ValueSize} max_entries {MaxEntries} flags 0x{(uint)Flags:x}";
}
