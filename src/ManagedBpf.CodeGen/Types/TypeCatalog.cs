using ManagedBpf.Btf;
using ManagedBpf.CodeGen.Naming;

namespace ManagedBpf.CodeGen.Types;

/// <summary>A struct, union or enum that becomes a C# type of its own in the namespace.</summary>
/// <param name="Type">The struct, union or enum in the object's BTF.</param>
/// <param name="CName">How C names it: its tag (<c>struct event</c>), or for an anonymous type the typedef that
/// names it (<c>typedef ... flow_key_t</c>).</param>
/// <param name="Name">Its C# name.</param>
internal sealed record DeclaredType(BtfType Type, string CName, string Name);

/// <summary>
/// The types a generated file declares at namespace level: every named struct, union and enum reachable by value
/// (through members, array elements, typedefs and qualifiers, never through pointers) from the roots, which are the
/// map keys and values, the global variables and the types asked for by name. An anonymous type named by a typedef
/// takes the typedef's name; an anonymous type reached only as a member's type is declared inside the type that
/// holds it (<see cref="IsDeclared"/> is false for it). C# names follow <see cref="CSharpNames"/>; types whose names
/// coincide are ordered by C name, kind and BTF id, and <see cref="NameScope"/> numbers the later ones.
/// </summary>
internal sealed class TypeCatalog
{
    private readonly Dictionary<int, DeclaredType> _declared;

    private TypeCatalog(Dictionary<int, DeclaredType> declared) => _declared = declared;

    /// <summary>The declared types, ordered by C# name.</summary>
    public IEnumerable<DeclaredType> Types => _declared.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>True when the struct, union or enum <paramref name="id"/> has a namespace-level declaration.</summary>
    public bool IsDeclared(int id) => _declared.ContainsKey(id);

    /// <summary>The declaration of the struct, union or enum <paramref name="id"/>.</summary>
    public DeclaredType this[int id] => _declared[id];

    /// <param name="btf">The object's BTF.</param>
    /// <param name="roots">Type ids to start from (any kind: VARs, typedefs, qualifiers are looked through).</param>
    /// <param name="reserved">Names already taken in the namespace (the object class's).</param>
    public static TypeCatalog Build(BtfSpec btf, IEnumerable<int> roots, IEnumerable<string> reserved)
    {
        var found = new Dictionary<int, (BtfType Type, string CName)>();
        var visited = new HashSet<int>();
        foreach (var root in roots)
            Visit(btf, root, null, found, visited, 0);

        var ordered = found.Values.OrderBy(t => t.Type.Name.Length == 0 ? t.CName : t.Type.Name, StringComparer.Ordinal)
            .ThenBy(t => t.Type.Kind).ThenBy(t => t.Type.Id).ToList();
        var names = new NameScope(reserved).Assign(ordered.Select(t => CSharpNames.PascalCase(BareName(t))).ToList());
        return new TypeCatalog(ordered.Select((t, i) => new DeclaredType(t.Type, t.CName, names[i])).ToDictionary(t => t.Type.Id));
    }

    private static string BareName((BtfType Type, string CName) t) => t.Type.Name.Length > 0 ? t.Type.Name : t.CName["typedef ".Length..];

    private static void Visit(BtfSpec btf, int id, string? typedefName, Dictionary<int, (BtfType, string)> found, HashSet<int> visited, int depth)
    {
        if (depth > 64)
            throw new BpfException($"BTF type [{id}] nests more than 64 types deep by value");
        var type = btf.GetType(id);
        switch (type)
        {
            case BtfVariable variable:
                Visit(btf, variable.TypeId, null, found, visited, depth + 1);
                return;
            case BtfQualifier qualifier:
                Visit(btf, qualifier.TargetId, typedefName, found, visited, depth + 1);
                return;
            case BtfTypedef typedef:
                Visit(btf, typedef.TargetId, typedef.Name, found, visited, depth + 1);
                return;
            case BtfArray array:
                Visit(btf, array.ElementId, null, found, visited, depth + 1);
                return;
            case BtfComposite or BtfEnum:
                if (type.Name.Length > 0)
                    found.TryAdd(id, (type, CDeclaration.TagName(type)));
                else if (typedefName is not null)
                    found.TryAdd(id, (type, "typedef " + typedefName));
                if (type is BtfComposite composite && visited.Add(id))
                {
                    foreach (var member in CompositeLayout.Flatten(btf, composite))
                        Visit(btf, member.TypeId, null, found, visited, depth + 1);
                }
                return;
        }
    }
}
