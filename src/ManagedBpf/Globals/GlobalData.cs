using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Maps;

namespace ManagedBpf.Globals;

/// <summary>
/// The mapped global-data maps of a loaded object and the variables in them. As libbpf's
/// bpf_object__populate_internal_map does after writing and freezing each map: every BPF_F_MMAPABLE one is mapped
/// shared, read-only when programs may only read it (BPF_F_RDONLY_PROG: .rodata, frozen, so mapping it writable would
/// be EPERM) and read-write otherwise. Sections with static variables only are not mmapable (libbpf's
/// map_is_mmapable), and their variables are not exposed, as in libbpf's skeleton.
/// </summary>
internal sealed class GlobalData : IDisposable
{
    private readonly List<MmapRegion> _regions;

    private GlobalData(List<MmapRegion> regions, Dictionary<string, BpfVariable> variables)
    {
        _regions = regions;
        Variables = variables;
    }

    /// <summary>The live variables by name.</summary>
    public IReadOnlyDictionary<string, BpfVariable> Variables { get; }

    /// <summary>Maps the global-data maps of <paramref name="spec"/> among <paramref name="maps"/>.</summary>
    public static GlobalData Map(ObjectSpec spec, IReadOnlyDictionary<string, BpfMap> maps, Action<string> log)
    {
        var regions = new List<MmapRegion>();
        var variables = new Dictionary<string, BpfVariable>(StringComparer.Ordinal);
        try
        {
            foreach (var group in spec.Variables.Values.GroupBy(v => v.Map.Name))
            {
                if (!maps.TryGetValue(group.Key, out var map) || !map.Flags.HasFlag(MapFlags.Mmapable))
                    continue;
                var readOnly = map.Flags.HasFlag(MapFlags.ReadOnlyProgram);
                var region = MmapRegion.Map(map.Fd, MappedSize(map), writable: !readOnly, 0, map.Name);
                regions.Add(region);
                foreach (var variable in group)
                    variables.Add(variable.Name, new BpfVariable(variable, map, region, readOnly, TypeOf(spec.Btf, variable)));
                log($"map '{map.Name}': mapped {(readOnly ? "read-only" : "read-write")}, variables {string.Join(", ", group.Select(v => v.Name))}");
            }
        }
        catch
        {
            foreach (var region in regions)
                region.Dispose();
            throw;
        }
        return new GlobalData(regions, variables);
    }

    /// <summary>Unmaps every section; a variable read afterwards throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        foreach (var region in _regions)
            region.Dispose();
    }

    /// <summary>An array map's mmapable size: its values rounded up to 8 bytes each, then to whole pages (array_map_mmap).</summary>
    private static nuint MappedSize(BpfMap map)
    {
        var page = (ulong)Environment.SystemPageSize;
        var bytes = ((map.ValueSize + 7ul) & ~7ul) * map.MaxEntries;
        return (nuint)((bytes + page - 1) & ~(page - 1));
    }

    private static BtfType? TypeOf(BtfSpec? btf, VariableSpec variable) =>
        btf?.GetType((int)variable.BtfTypeId) is BtfVariable declared ? btf.GetType(declared.TypeId) : null;
}
