namespace ManagedBpf.CodeGen.Naming;

/// <summary>
/// One C# declaration space (a namespace, a type's members) and the names taken in it. C keeps struct, union and
/// enum tags apart from each other and from member names, and the C# rule of <see cref="CSharpNames"/> can map two C
/// names to one (<c>foo_bar</c>, <c>fooBar</c>); here every name comes out distinct, deterministically: a candidate
/// no other candidate shares and nothing reserved takes keeps its name; of candidates that share one, the first (in
/// the order given) keeps it and each later one gets the first free suffix 2, 3, ... (<c>FooBar2</c>).
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken;

    /// <param name="reserved">Names the scope already has: the enclosing type's own name (C# forbids a member of
    /// that name), the members of <see cref="object"/>, the fixed members of generated classes.</param>
    public NameScope(IEnumerable<string> reserved) => _taken = new HashSet<string>(reserved, StringComparer.Ordinal);

    /// <summary>Members every C# type inherits from <see cref="object"/>: a field of such a name would hide one.</summary>
    public static IEnumerable<string> ObjectMembers => ["Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals"];

    /// <summary>True when <paramref name="name"/> is taken in this scope.</summary>
    public bool IsTaken(string name) => _taken.Contains(name);

    /// <summary>Distinct names for <paramref name="candidates"/>, in their order, taken in this scope from now on.</summary>
    public IReadOnlyList<string> Assign(IReadOnlyList<string> candidates)
    {
        var counts = candidates.CountBy(c => c, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var result = new string?[candidates.Count];
        for (var i = 0; i < candidates.Count; i++)
        {
            if (counts[candidates[i]] == 1 && _taken.Add(candidates[i]))
                result[i] = candidates[i];
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (result[i] is not null)
                continue;
            var name = candidates[i];
            for (var suffix = 2; _taken.Contains(name) || (counts.ContainsKey(name) && name != candidates[i]); suffix++)
                name = candidates[i] + suffix;
            _taken.Add(name);
            result[i] = name;
        }

        return result!;
    }

    /// <summary>A distinct name for one candidate (<see cref="Assign(IReadOnlyList{string})"/> of one).</summary>
    public string Assign(string candidate) => Assign([candidate])[0];
}
