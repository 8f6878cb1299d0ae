using ManagedBpf.Btf;
using ManagedBpf.CodeGen.Naming;
using ManagedBpf.Maps;
using ManagedBpf.Programs;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>A map of the object as a property of the generated class.</summary>
/// <param name="Spec">The map.</param>
/// <param name="Key">The key's shape for a map typed by its BTF key and value, else null.</param>
/// <param name="Value">The value's shape, when <paramref name="Key"/> is set.</param>
internal sealed record MapProperty(MapSpec Spec, TypeShape? Key, TypeShape? Value)
{
    public string Name { get; set; } = "";

    public string? KeyType { get; set; }
    public string? ValueType { get; set; }
}

/// <summary>A program of the object as a property of the generated class.</summary>
internal sealed record ProgramProperty(ProgramSpec Spec, string Name);

/// <summary>A global variable as a property of its section's class.</summary>
internal sealed record VariableProperty(VariableSpec Spec, BtfVariable Btf, TypeShape Shape)
{
    public string Name { get; set; } = "";
    public string? TextName { get; set; }
    public string? NestedName { get; set; }
}

/// <summary>A data section (<c>.rodata</c>, <c>.bss</c>, <c>.data.stats</c>) and its variables, as a class.</summary>
internal sealed record SectionClass(MapSpec Map, IReadOnlyList<VariableProperty> Variables)
{
    public string PropertyName { get; set; } = "";

    public string ClassName { get; set; } = "";
}

/// <summary>
/// What the object class holds, named: its sections, maps and programs, one property each, in one scope with the
/// class's fixed members, so no generated name can shadow <c>Load</c> or another property.
/// </summary>
internal sealed class ObjectModel
{
    /// <summary>The generated class's own members, which C names yield to.</summary>
    public static readonly string[] FixedMembers = ["ResourceName", "ObjectName", "Object", "Open", "Load", "AttachAll", "Dispose", "Spec", "GlobalData", "ReadEmbedded", "Require"];

    /// <summary>Map types whose elements are one key and one value of fixed C types, read and written whole.</summary>
    private static readonly MapType[] KeyValueMaps = [MapType.Hash, MapType.Array, MapType.LruHash, MapType.LpmTrie];

    private ObjectModel(IReadOnlyList<SectionClass> sections, IReadOnlyList<MapProperty> maps, IReadOnlyList<ProgramProperty> programs)
    {
        Sections = sections;
        Maps = maps;
        Programs = programs;
    }

    public IReadOnlyList<SectionClass> Sections { get; }

    public IReadOnlyList<MapProperty> Maps { get; }

    public IReadOnlyList<ProgramProperty> Programs { get; }

    /// <summary>The maps that are no data section (those of <c>.maps</c>, <c>.struct_ops</c>), by name.</summary>
    public static IEnumerable<MapSpec> DefinedMaps(ObjectSpec spec) =>
        spec.Maps.Values.Where(m => m.SectionName is null).OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>The global-data maps that have variables user space can name, with them (static ones are left out,
    /// as bpftool's skeleton leaves them out: C code outside their scope cannot name them either).</summary>
    public static IEnumerable<(MapSpec Map, IReadOnlyList<(VariableSpec Spec, BtfVariable Btf)> Variables)> DataSections(ObjectSpec spec)
    {
        if (spec.Btf is not { } btf)
            yield break;
        foreach (var map in spec.Maps.Values.Where(m => m.SectionName is not null).OrderBy(m => m.SectionName, StringComparer.Ordinal))
        {
            var variables = spec.Variables.Values.Where(v => v.SectionName == map.SectionName)
                .Select(v => (Spec: v, Btf: (BtfVariable)btf.GetType((int)v.BtfTypeId)))
                .Where(v => v.Btf.Linkage != BtfVariableLinkage.Static)
                .OrderBy(v => v.Spec.Offset).ThenBy(v => v.Spec.Name, StringComparer.Ordinal).ToList();
            if (variables.Count > 0)
                yield return (map, variables);
        }
    }

    /// <summary>True for a map typed by its BTF key and value (<c>BpfMap&lt;TKey, TValue&gt;</c>).</summary>
    public static bool IsKeyValue(MapSpec map, BtfSpec? btf) =>
        btf is not null && KeyValueMaps.Contains(map.Type) && map.BtfKeyTypeId != 0 && map.BtfValueTypeId != 0 &&
        btf.SizeOf((int)map.BtfKeyTypeId) == map.KeySize && btf.SizeOf((int)map.BtfValueTypeId) == map.ValueSize;

    public static ObjectModel Build(ObjectSpec spec, EmitContext? context, string className)
    {
        var sections = DataSections(spec).Select(s => new SectionClass(s.Map,
            s.Variables.Select(v => new VariableProperty(v.Spec, v.Btf, context!.Shapes.Of(v.Btf.TypeId))).ToList())).ToList();
        var maps = DefinedMaps(spec).Select(m => IsKeyValue(m, spec.Btf)
            ? new MapProperty(m, context!.Shapes.Of((int)m.BtfKeyTypeId), context.Shapes.Of((int)m.BtfValueTypeId))
            : new MapProperty(m, null, null)).ToList();
        var programs = spec.Programs.Values.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();

        var scope = new NameScope([className, .. NameScope.ObjectMembers, .. FixedMembers]);
        var names = scope.Assign(sections.Select(s => s.Map.SectionName!).Concat(maps.Select(m => m.Spec.Name)).Concat(programs.Select(p => p.Name))
            .Select(CSharpNames.PascalCase).ToList());
        var sectionClasses = scope.Assign(sections.Select((_, i) => names[i] + "Variables").ToList());
        for (var i = 0; i < sections.Count; i++)
        {
            sections[i].PropertyName = names[i];
            sections[i].ClassName = sectionClasses[i];
            NameVariables(sections[i]);
        }
        for (var i = 0; i < maps.Count; i++)
            maps[i].Name = names[sections.Count + i];
        NameKeyValueTypes(scope, maps);
        var programProperties = programs.Select((p, i) => new ProgramProperty(p, names[sections.Count + maps.Count + i])).ToList();
        return new ObjectModel(sections, maps, programProperties);
    }

    private static void NameVariables(SectionClass section)
    {
        var scope = new NameScope([section.ClassName, .. NameScope.ObjectMembers, "_data"]);
        var names = scope.Assign(section.Variables.Select(v => CSharpNames.PascalCase(v.Spec.Name)).ToList());
        for (var i = 0; i < names.Count; i++)
            section.Variables[i].Name = names[i];
        var texts = section.Variables.Where(v => v.Shape is ArrayShape { IsText: true }).ToList();
        var textNames = scope.Assign(texts.Select(v => v.Name + "String").ToList());
        for (var i = 0; i < texts.Count; i++)
            texts[i].TextName = textNames[i];
        var nested = section.Variables.Where(v => NestedTypes.Suffix(v.Shape) is not null).ToList();
        var nestedNames = scope.Assign(nested.Select(v => v.Name + NestedTypes.Suffix(v.Shape)).ToList());
        for (var i = 0; i < nested.Count; i++)
            nested[i].NestedName = nestedNames[i];
    }

    /// <summary>A typed map whose key or value is an array or an anonymous type gets <c>{Map}Key</c> or <c>{Map}Value</c> declared in the class.</summary>
    private static void NameKeyValueTypes(NameScope scope, List<MapProperty> maps)
    {
        foreach (var map in maps.Where(m => m.Key is not null))
        {
            map.KeyType = NestedTypes.Suffix(map.Key!) is null ? NestedTypes.Text(map.Key!, null) : scope.Assign(map.Name + "Key");
            map.ValueType = NestedTypes.Suffix(map.Value!) is null ? NestedTypes.Text(map.Value!, null) : scope.Assign(map.Name + "Value");
        }
    }
}
