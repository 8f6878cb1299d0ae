using ManagedBpf.Btf;
using ManagedBpf.Elf;

namespace ManagedBpf.Maps;

/// <summary>One <c>.maps</c> variable: its parsed definition, the variable's size in the section (initialisers make
/// it larger than the definition struct), and where the <c>values</c> member starts, for the <c>.rel.maps</c>
/// relocations that fill its slots.</summary>
internal sealed record BtfMapDefinition(string Name, MapSpec Spec, uint Size, uint? ValuesOffset);

/// <summary>
/// Reads map definitions from the <c>.maps</c> DATASEC, as libbpf's parse_btf_map_def does. The section's bytes
/// are all zero: <c>__uint(name, N)</c> is encoded as a member of type <c>int (*)[N]</c> (the value is the array
/// length) and <c>__type(name, T)</c> as <c>T *</c> (the key/value type, whose size is the key/value size).
/// <c>__array(values, T)</c> is a flexible array <c>T *values[]</c>: for map-in-map T is the inner map's
/// definition, for a program array a function prototype.
/// </summary>
internal static class BtfMapDefinitions
{


    /// <summary>One definition per VAR of the DATASEC, in DATASEC order (libbpf's map order).</summary>
    public static IEnumerable<BtfMapDefinition> Read(BtfSpec btf)
    {
        var datasecId = btf.FindTypeId(SectionNames.Maps, BtfKind.DataSection);
        if (datasecId < 0)
            throw new BpfFormatException("the object has a .maps section but its BTF has no .maps DATASEC", SectionNames.Btf, 0);
        var datasec = (BtfDataSection)btf.GetType(datasecId);
        foreach (var secinfo in datasec.Variables)
        {
            if (btf.GetType(secinfo.TypeId) is not BtfVariable variable)
                throw new BpfFormatException($".maps DATASEC entry [{secinfo.TypeId}] is not a VAR", SectionNames.Btf, btf.Raw(datasecId).Offset);
            var definitionId = btf.ResolveType(variable.TypeId);
            if (btf.GetType(definitionId) is not BtfComposite { Kind: BtfKind.Struct } definition)
                throw new BpfFormatException($"map '{variable.Name}': definition is not a struct", SectionNames.Btf, btf.Raw(variable.Id).Offset);
            if (secinfo.Size != 0 && definition.Size > secinfo.Size)
                throw new BpfFormatException($"map '{variable.Name}': definition of {definition.Size} bytes is larger than the variable ({secinfo.Size})", SectionNames.Btf, btf.Raw(variable.Id).Offset);
            var spec = Parse(btf, variable.Name, definition, inner: false, out var valuesOffset);
            yield return new BtfMapDefinition(variable.Name, spec, secinfo.Size, valuesOffset);
        }
    }

    private static MapSpec Parse(BtfSpec btf, string name, BtfComposite definition, bool inner, out uint? valuesOffset)
    {
        var at = btf.Raw(definition.Id).Offset;
        var spec = new MapSpec(name, MapType.Unspecified, 0, 0, 0);
        valuesOffset = null;
        for (var i = 0; i < definition.Members.Count; i++)
        {
            var member = definition.Members[i];
            switch (member.Name)
            {
                case "type": spec.Type = (MapType)Number(btf, name, member, at); break;
                case "max_entries": spec.MaxEntries = Number(btf, name, member, at); break;
                case "map_flags": spec.Flags = (MapFlags)Number(btf, name, member, at); break;
                case "numa_node": spec.NumaNode = Number(btf, name, member, at); break;
                case "map_extra": spec.MapExtra = LongNumber(btf, name, member, at); break;
                case "key_size": spec.KeySize = SizeAgrees(spec.KeySize, Number(btf, name, member, at), name, "key", at); break;
                case "value_size": spec.ValueSize = SizeAgrees(spec.ValueSize, Number(btf, name, member, at), name, "value", at); break;
                case "key":
                    spec.BtfKeyTypeId = Pointee(btf, name, member, at);
                    spec.KeySize = SizeAgrees(spec.KeySize, Size(btf, name, spec.BtfKeyTypeId, at), name, "key", at);
                    break;
                case "value":
                    spec.BtfValueTypeId = Pointee(btf, name, member, at);
                    spec.ValueSize = SizeAgrees(spec.ValueSize, Size(btf, name, spec.BtfValueTypeId, at), name, "value", at);
                    break;
                case "pinning":
                    spec.Pinning = Pinning(btf, name, member, inner, at);
                    break;
                case "values":
                    if (inner)
                        throw new BpfFormatException($"map '{name}': an inner map cannot have inner maps of its own ('values')", SectionNames.Btf, at);
                    // The initialisers' relocations are matched to slots by their offset from this member, which
                    // only works when nothing follows it.
                    if (i != definition.Members.Count - 1)
                        throw new BpfFormatException($"map '{name}': 'values' must be the last member of the definition", SectionNames.Btf, at);
                    spec.InnerMap = Values(btf, name, spec, member, at);
                    spec.ValueSize = SizeAgrees(spec.ValueSize, 4, name, "value", at);
                    valuesOffset = member.BitOffset / 8;
                    break;
                default:
                    throw new BpfFormatException($"map '{name}': unknown attribute '{member.Name}'", SectionNames.Btf, at);
            }
        }
        if (spec.Type == MapType.Unspecified)
            throw new BpfFormatException($"map '{name}': no type", SectionNames.Btf, at);
        return spec;
    }

    /// <summary>
    /// <c>__array(values, T)</c>: a zero-length array of pointers to T. The kernel stores fds in these maps, so the
    /// value is 4 bytes whatever T is. Returns the inner map definition (null for a program array).
    /// </summary>
    private static MapSpec? Values(BtfSpec btf, string name, MapSpec spec, BtfMember member, int at)
    {
        var mapInMap = spec.Type is MapType.ArrayOfMaps or MapType.HashOfMaps;
        if (!mapInMap && spec.Type != MapType.ProgramArray)
            throw new BpfFormatException($"map '{name}': 'values' is only for map-in-map and program-array maps, not {spec.Type} (is 'type' declared before it?)", SectionNames.Btf, at);
        var what = mapInMap ? "map-in-map inner definition" : "program-array value";
        if (btf.GetType(member.TypeId) is not BtfArray { Count: 0 } array)
            throw new BpfFormatException($"map '{name}': {what} is not a zero-length array (__array(values, ...))", SectionNames.Btf, at);
        if (btf.GetType(btf.ResolveType(array.ElementId)) is not BtfPointer pointer)
            throw new BpfFormatException($"map '{name}': {what} is not an array of pointers", SectionNames.Btf, at);
        var target = btf.GetType(btf.ResolveType(pointer.TargetId));
        if (!mapInMap)
        {
            return target is BtfFunctionProto
                ? null
                : throw new BpfFormatException($"map '{name}': {what} points to {target.Kind}, not a function prototype", SectionNames.Btf, at);
        }
        if (target is not BtfComposite { Kind: BtfKind.Struct } innerDefinition)
            throw new BpfFormatException($"map '{name}': {what} points to {target.Kind}, not a map definition struct", SectionNames.Btf, at);
        return Parse(btf, name + ".inner", innerDefinition, inner: true, out _);
    }

    private static MapPinning Pinning(BtfSpec btf, string name, BtfMember member, bool inner, int at)
    {
        // An inner map exists only as a template inside the outer map's creation; there is nothing to pin.
        if (inner)
            throw new BpfFormatException($"map '{name}': an inner map definition cannot be pinned", SectionNames.Btf, at);
        var value = Number(btf, name, member, at);
        return value <= (uint)MapPinning.ByName
            ? (MapPinning)value
            : throw new BpfFormatException($"map '{name}': pinning {value} is neither LIBBPF_PIN_NONE (0) nor LIBBPF_PIN_BY_NAME (1)", SectionNames.Btf, at);
    }

    /// <summary>The N of <c>int (*name)[N]</c>.</summary>
    private static uint Number(BtfSpec btf, string map, BtfMember member, int at)
    {
        if (btf.GetType(btf.ResolveType(member.TypeId)) is BtfPointer pointer && btf.GetType(pointer.TargetId) is BtfArray array)
            return array.Count;
        throw new BpfFormatException($"map '{map}': attribute '{member.Name}' is not __uint(name, value)", SectionNames.Btf, at);
    }

    /// <summary>
    /// libbpf get_map_field_long: <c>__uint(name, N)</c>, or <c>__ulong(name, N)</c>, an enum whose one enumerator is
    /// N (64-bit values such as an arena's address do not fit an array length). A 32-bit enumerator is
    /// sign-extended, as libbpf reads it.
    /// </summary>
    private static ulong LongNumber(BtfSpec btf, string map, BtfMember member, int at)
    {
        if (btf.GetType(btf.ResolveType(member.TypeId)) is not BtfEnum enumeration)
            return Number(btf, map, member, at);
        if (enumeration.Values is not [var value])
            throw new BpfFormatException($"map '{map}': attribute '{member.Name}' is an enum of {enumeration.Values.Count} values, not __ulong(name, value)", SectionNames.Btf, at);
        return enumeration.Kind == BtfKind.Enum ? unchecked((ulong)(long)(int)value.Value) : unchecked((ulong)value.Value);
    }

    /// <summary>The T of <c>T *name</c>.</summary>
    private static uint Pointee(BtfSpec btf, string map, BtfMember member, int at)
    {
        if (btf.GetType(btf.ResolveType(member.TypeId)) is BtfPointer pointer)
            return (uint)pointer.TargetId;
        throw new BpfFormatException($"map '{map}': attribute '{member.Name}' is not __type(name, type)", SectionNames.Btf, at);
    }

    private static uint Size(BtfSpec btf, string map, uint typeId, int at)
    {
        long size;
        try
        {
            size = btf.SizeOf((int)typeId);
        }
        catch (BpfException e) when (e is not BpfFormatException)
        {
            throw new BpfFormatException($"map '{map}': {e.Message}", SectionNames.Btf, at, e);
        }
        return size > 0 && size <= uint.MaxValue ? (uint)size : throw new BpfFormatException($"map '{map}': type [{typeId}] has no size", SectionNames.Btf, at);
    }

    /// <summary>libbpf rejects a definition whose explicit <c>key_size</c> contradicts the key type's size.</summary>
    private static uint SizeAgrees(uint previous, uint size, string map, string what, int at) =>
        previous == 0 || previous == size
            ? size
            : throw new BpfFormatException($"map '{map}': {what} size {size} contradicts {previous}", SectionNames.Btf, at);
}
