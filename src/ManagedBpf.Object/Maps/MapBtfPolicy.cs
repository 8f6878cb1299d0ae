namespace ManagedBpf.Maps;

/// <summary>
/// Which map types may carry BTF key/value type ids at creation. The kernel rejects (EINVAL/ENOTSUPP) BTF on map
/// types whose map_check_btf refuses it; libbpf (bpf_object__create_map) clears the ids for the same list.
/// </summary>
internal static class MapBtfPolicy
{
    /// <summary>True when key/value type ids may be passed for this map type.</summary>
    public static bool AcceptsKeyValueTypes(MapType type) => type switch
    {
        MapType.PerfEventArray or MapType.CgroupArray or MapType.StackTrace or MapType.ArrayOfMaps or
        MapType.HashOfMaps or MapType.DevMap or MapType.DevMapHash or MapType.CpuMap or MapType.XskMap or
        MapType.SockMap or MapType.SockHash or MapType.Queue or MapType.Stack or MapType.Arena => false,
        // key_size = value_size = 0: there is no key or value type to describe.
        MapType.RingBuf or MapType.UserRingBuf => false,
        _ => true,
    };

    /// <summary>True for maps whose values are per CPU: user space reads and writes one slot per possible CPU.</summary>
    public static bool IsPerCpu(MapType type) =>
        type is MapType.PerCpuHash or MapType.PerCpuArray or MapType.LruPerCpuHash or MapType.PerCpuCgroupStorage;
}
