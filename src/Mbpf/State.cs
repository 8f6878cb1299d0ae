using ManagedBpf;
using ManagedBpf.Maps;

namespace Mbpf;

/// <summary>
/// What the programs left behind, as <c>mbpf run</c> prints it at the end: every global variable (<c>NAME = VALUE</c>,
/// in the order of its section and offset), then every non-empty entry of every map that has entries to read
/// (<c>MAP[KEY] = VALUE</c>; array slots that are all zero count as empty; per-CPU values as one value a CPU).
/// </summary>
internal static class State
{
    /// <summary>Map types whose elements are not values to print: fds, rings, events, storage bound to objects.</summary>
    private static readonly HashSet<MapType> Unreadable =
    [
        MapType.ProgramArray, MapType.PerfEventArray, MapType.ArrayOfMaps, MapType.HashOfMaps, MapType.RingBuf, MapType.UserRingBuf,
        MapType.StructOps, MapType.DevMap, MapType.DevMapHash, MapType.SockMap, MapType.SockHash, MapType.CpuMap, MapType.XskMap,
        MapType.ReusePortSockArray, MapType.CgroupArray, MapType.Queue, MapType.Stack, MapType.BloomFilter, MapType.SkStorage,
        MapType.InodeStorage, MapType.TaskStorage, MapType.CgrpStorage, MapType.CgroupStorage, MapType.PerCpuCgroupStorage, MapType.Arena,
    ];

    public static void Write(BpfObject loaded, TextWriter output)
    {
        var spec = loaded.Spec;
        foreach (var variable in spec.Variables.Values.OrderBy(v => v.SectionName, StringComparer.Ordinal).ThenBy(v => v.Offset))
        {
            var mapName = spec.Maps.First(m => m.Value == variable.Map).Key;
            if (!loaded.Maps.TryGetValue(mapName, out var map))
                continue;
            var image = new byte[map.ValueBufferSize];
            if (map.TryLookup(new byte[4], image))
                output.WriteLine($"{variable.Name} = {ValueText.Format(spec.Btf, (int)VariableType(spec, variable), image.AsSpan(variable.Offset, variable.Size))}");
        }
        foreach (var (name, mapSpec) in spec.Maps)
        {
            var holdsVariables = mapSpec.SectionName is not null && spec.Variables.Values.Any(v => v.Map == mapSpec);
            if (holdsVariables || !loaded.Maps.TryGetValue(name, out var map) || Unreadable.Contains(map.Type) || name == ".kconfig")
                continue;
            WriteEntries(spec, name, mapSpec, map, output);
        }
    }

    private static void WriteEntries(ObjectSpec spec, string name, MapSpec mapSpec, BpfMap map, TextWriter output)
    {
        var key = new byte[map.KeySize];
        var next = new byte[map.KeySize];
        var value = new byte[map.ValueBufferSize];
        var perCpu = map.Type is MapType.PerCpuArray or MapType.PerCpuHash or MapType.LruPerCpuHash;
        var stride = (int)((map.ValueSize + 7) & ~7u);
        for (var first = true; map.TryGetNextKey(first ? null : key, next); first = false)
        {
            next.CopyTo(key, 0);
            if (!map.TryLookup(key, value) || (map.Type is MapType.Array or MapType.PerCpuArray && !value.AsSpan().ContainsAnyExcept((byte)0)))
                continue;
            var keyText = ValueText.Format(spec.Btf, (int)mapSpec.BtfKeyTypeId, key);
            var valueText = perCpu
                ? string.Join(' ', Enumerable.Range(0, value.Length / stride).Select(cpu =>
                    ValueText.Format(spec.Btf, (int)mapSpec.BtfValueTypeId, value.AsSpan(cpu * stride, (int)map.ValueSize))))
                : ValueText.Format(spec.Btf, (int)mapSpec.BtfValueTypeId, value);
            output.WriteLine($"{name}[{keyText}] = {valueText}");
        }
    }

    /// <summary>The type of a variable's VAR (the VAR itself is named, its type is what holds the value).</summary>
    private static uint VariableType(ObjectSpec spec, VariableSpec variable) =>
        spec.Btf?.GetType((int)variable.BtfTypeId) is ManagedBpf.Btf.BtfVariable v ? (uint)v.TypeId : variable.BtfTypeId;
}
