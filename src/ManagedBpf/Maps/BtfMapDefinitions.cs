using ManagedBpf.Btf;

namespace ManagedBpf.Maps;

/// <summary>
/// Reads map definitions from the <c>.maps</c> DATASEC, as libbpf's parse_btf_map_def does. The section's bytes
/// are all zero: <c>__uint(name, N)</c> is encoded as a member of type <c>int (*)[N]</c> (the value is the array
/// length) and <c>__type(name, T)</c> as <c>T *</c> (the key/value type, whose size is the key/value size).
/// </summary>
internal static class BtfMapDefinitions
{
    public const string SectionName = ".maps";

    /// <summary>One definition per VAR of the DATASEC, keyed by the variable's name.</summary>
    public static IEnumerable<(string Name, MapSpec Spec)> Read(BtfSpec btf)
    {
        var datasecId = btf.FindTypeId(SectionName, BtfKind.DataSection);
        if (datasecId < 0)
            throw new BpfFormatException("the object has a .maps section but its BTF has no .maps DATASEC", ".BTF", 0);
        var datasec = (BtfDataSection)btf.GetType(datasecId);
        foreach (var secinfo in datasec.Variables)
        {
            if (btf.GetType(secinfo.TypeId) is not BtfVariable variable)
                throw new BpfFormatException($".maps DATASEC entry [{secinfo.TypeId}] is not a VAR", ".BTF", 0);
            yield return (variable.Name, Parse(btf, variable));
        }
    }

    private static MapSpec Parse(BtfSpec btf, BtfVariable variable)
    {
        if (btf.GetType(btf.ResolveType(variable.TypeId)) is not BtfComposite { Kind: BtfKind.Struct } definition)
            throw new BpfFormatException($"map '{variable.Name}': definition is not a struct", ".BTF", 0);
        var spec = new MapSpec(variable.Name, MapType.Unspecified, 0, 0, 0);
        foreach (var member in definition.Members)
        {
            switch (member.Name)
            {
                case "type": spec.Type = (MapType)Number(btf, variable, member); break;
                case "max_entries": spec.MaxEntries = Number(btf, variable, member); break;
                case "map_flags": spec.Flags = (MapFlags)Number(btf, variable, member); break;
                case "numa_node": spec.NumaNode = Number(btf, variable, member); break;
                case "map_extra": spec.MapExtra = Number(btf, variable, member); break;
                case "key_size": spec.KeySize = SizeAgrees(spec.KeySize, Number(btf, variable, member), variable, "key"); break;
                case "value_size": spec.ValueSize = SizeAgrees(spec.ValueSize, Number(btf, variable, member), variable, "value"); break;
                case "key":
                    spec.BtfKeyTypeId = Pointee(btf, variable, member);
                    spec.KeySize = SizeAgrees(spec.KeySize, Size(btf, variable, spec.BtfKeyTypeId), variable, "key");
                    break;
                case "value":
                    spec.BtfValueTypeId = Pointee(btf, variable, member);
                    spec.ValueSize = SizeAgrees(spec.ValueSize, Size(btf, variable, spec.BtfValueTypeId), variable, "value");
                    break;
                case "pinning":
                    if (Number(btf, variable, member) != 0)
                        throw new BpfFormatException($"map '{variable.Name}': pinning is not supported", ".BTF", 0);
                    break;
                case "values":
                    throw new BpfFormatException($"map '{variable.Name}': map-in-map and program-array initialisers are not supported", ".BTF", 0);
                default:
                    throw new BpfFormatException($"map '{variable.Name}': unknown attribute '{member.Name}'", ".BTF", 0);
            }
        }
        if (spec.Type == MapType.Unspecified)
            throw new BpfFormatException($"map '{variable.Name}': no type", ".BTF", 0);
        return spec;
    }

    /// <summary>The N of <c>int (*name)[N]</c>.</summary>
    private static uint Number(BtfSpec btf, BtfVariable map, BtfMember member)
    {
        if (btf.GetType(btf.ResolveType(member.TypeId)) is BtfPointer pointer && btf.GetType(pointer.TargetId) is BtfArray array)
            return array.Count;
        throw new BpfFormatException($"map '{map.Name}': attribute '{member.Name}' is not __uint(name, value)", ".BTF", 0);
    }

    /// <summary>The T of <c>T *name</c>.</summary>
    private static uint Pointee(BtfSpec btf, BtfVariable map, BtfMember member)
    {
        if (btf.GetType(btf.ResolveType(member.TypeId)) is BtfPointer pointer)
            return (uint)pointer.TargetId;
        throw new BpfFormatException($"map '{map.Name}': attribute '{member.Name}' is not __type(name, type)", ".BTF", 0);
    }

    private static uint Size(BtfSpec btf, BtfVariable map, uint typeId)
    {
        long size;
        try
        {
            size = btf.SizeOf((int)typeId);
        }
        catch (BpfException e) when (e is not BpfFormatException)
        {
            throw new BpfFormatException($"map '{map.Name}': {e.Message}", ".BTF", 0, e);
        }
        return size > 0 && size <= uint.MaxValue ? (uint)size : throw new BpfFormatException($"map '{map.Name}': type [{typeId}] has no size", ".BTF", 0);
    }

    /// <summary>libbpf rejects a definition whose explicit <c>key_size</c> contradicts the key type's size.</summary>
    private static uint SizeAgrees(uint previous, uint size, BtfVariable map, string what) =>
        previous == 0 || previous == size
            ? size
            : throw new BpfFormatException($"map '{map.Name}': {what} size {size} contradicts {previous}", ".BTF", 0);
}
