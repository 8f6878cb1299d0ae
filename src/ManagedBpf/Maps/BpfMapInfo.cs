namespace ManagedBpf.Maps;

/// <summary>
/// What the kernel reports about a map (<c>struct bpf_map_info</c>, BPF_OBJ_GET_INFO_BY_FD; <c>bpftool map show</c>
/// prints the same).
/// </summary>
/// <param name="Type">The map type.</param>
/// <param name="Id">The kernel-wide map id.</param>
/// <param name="Name">The name the kernel keeps (at most 15 bytes).</param>
/// <param name="KeySize">Key size in bytes.</param>
/// <param name="ValueSize">Value size in bytes (per CPU for per-CPU maps).</param>
/// <param name="MaxEntries">Maximum entries (the data size for ring buffers).</param>
/// <param name="Flags">Creation flags, as the kernel keeps them.</param>
/// <param name="MapExtra">map_extra (bloom filter hash count; 5.16+).</param>
/// <param name="BtfId">The id of the BTF the map was created with, or 0.</param>
/// <param name="BtfKeyTypeId">The key's type id in that BTF, or 0.</param>
/// <param name="BtfValueTypeId">The value's type id in that BTF, or 0.</param>
public sealed record BpfMapInfo(
    MapType Type, uint Id, string Name, uint KeySize, uint ValueSize, uint MaxEntries, MapFlags Flags, ulong MapExtra,
    uint BtfId, uint BtfKeyTypeId, uint BtfValueTypeId);
