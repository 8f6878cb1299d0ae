using System.Collections.Concurrent;
using ManagedBpf.Interop;

namespace ManagedBpf.Maps;

/// <summary>
/// Does the running kernel know a map type? Asked as libbpf's probe_map_create does, by creating the smallest map of
/// that type: BPF_MAP_CREATE answers EINVAL both for an unknown type and for bad attributes, so only a probe whose
/// attributes are right for the type tells the two apart. Types that need BTF or another map to exist cannot be
/// probed this simply and answer null.
/// </summary>
internal static class MapTypeSupport
{
    private static readonly ConcurrentDictionary<MapType, bool?> Answers = new();

    /// <summary>True or false as the kernel says, null when this probe cannot tell.</summary>
    public static bool? IsSupported(MapType type) => Answers.GetOrAdd(type, Probe);

    /// <summary>
    /// The exception for a BPF_MAP_CREATE that failed with <paramref name="errno"/>: <see cref="BpfNotSupportedException"/>
    /// when the map type itself is what the kernel lacks, else the syscall's own.
    /// </summary>
    public static BpfException CreateFailure(MapSpec spec, Errno errno)
    {
        var failure = SyscallError.Create("BPF_MAP_CREATE", errno, spec.Name);
        return errno == Errno.EINVAL && IsSupported(spec.Type) == false
            ? new BpfNotSupportedException($"map '{spec.Name}': {MapTypeInfo.UapiName(spec.Type)}", MapTypeInfo.MinimumKernel(spec.Type), failure)
            : failure;
    }

    private static bool? Probe(MapType type)
    {
        var attr = type switch
        {
            // max_entries of a ring is its data size: a power of two and a multiple of the page.
            MapType.RingBuf or MapType.UserRingBuf => Attr(type, 0, 0, (uint)Environment.SystemPageSize),
            MapType.Queue or MapType.Stack or MapType.BloomFilter => Attr(type, 0, 4, 1),
            MapType.StackTrace => Attr(type, 4, 8, 1),
            MapType.LpmTrie => Attr(type, 8, 4, 1, MapFlags.NoPrealloc),
            MapType.Hash or MapType.Array or MapType.ProgramArray or MapType.PerfEventArray or MapType.PerCpuHash or
                MapType.PerCpuArray or MapType.CgroupArray or MapType.LruHash or MapType.LruPerCpuHash or MapType.DevMap or
                MapType.SockMap or MapType.CpuMap or MapType.XskMap or MapType.SockHash or MapType.DevMapHash or
                MapType.ReusePortSockArray => Attr(type, 4, 4, 1),
            // A type this loader does not know: if the kernel creates it with plain attributes, it knows it.
            _ when !Enum.IsDefined(type) => Attr(type, 4, 4, 1),
            _ => (MapCreateAttr?)null,
        };
        if (attr is not { } create)
            return null;
        var result = BpfSyscall.TryInvoke(BpfCommand.MapCreate, ref create, out var errno);
        if (result >= 0)
        {
            using (SafeFd.FromRaw((int)result, "BPF_MAP_CREATE", "probe"))
                return true;
        }
        return errno == Errno.EINVAL ? false : null;
    }

    private static MapCreateAttr Attr(MapType type, uint keySize, uint valueSize, uint maxEntries, MapFlags flags = MapFlags.None) =>
        new() { MapType = (uint)type, KeySize = keySize, ValueSize = valueSize, MaxEntries = maxEntries, MapFlags = (uint)flags };
}
