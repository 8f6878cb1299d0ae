using System.Text;

namespace ManagedBpf.CodeGen.Naming;

/// <summary>
/// The rule that turns a C name into a C# name (docs/codegen.md). The C name is cut at every character that is not
/// an ASCII letter or digit (<c>_</c>, and the <c>.</c> of <c>func.static_var</c> or <c>.rodata.cfg</c>); each
/// piece gets an upper-case first letter, and a piece without a lower-case letter (<c>PIDTYPE</c>, a macro-style
/// name) is lower-cased after its first letter; the pieces are joined: <c>min_duration_ns</c> →
/// <c>MinDurationNs</c>, <c>PIDTYPE_PID</c> → <c>PidtypePid</c>, <c>task_struct___v2</c> → <c>TaskStructV2</c>,
/// <c>fooBar</c> → <c>FooBar</c>. A result that starts with a digit gets a leading <c>_</c>, an empty one is
/// <c>Unnamed</c>. Every result starts with an upper-case letter or <c>_</c>, so none is a C# keyword (they are
/// all lower-case) and none needs an <c>@</c>. Two names that come out equal are told apart by
/// <see cref="NameScope"/>.
/// </summary>
public static class CSharpNames
{
    /// <summary>The C# name of the C name <paramref name="cName"/>, by the rule above.</summary>
    public static string PascalCase(string cName)
    {
        var result = new StringBuilder(cName.Length);
        var start = -1;
        for (var i = 0; i <= cName.Length; i++)
        {
            var inPiece = i < cName.Length && char.IsAsciiLetterOrDigit(cName[i]);
            if (inPiece && start < 0)
                start = i;
            else if (!inPiece && start >= 0)
            {
                AppendPiece(result, cName.AsSpan(start, i - start));
                start = -1;
            }
        }

        if (result.Length == 0)
            return "Unnamed";
        return char.IsAsciiDigit(result[0]) ? "_" + result : result.ToString();
    }

    private static void AppendPiece(StringBuilder result, ReadOnlySpan<char> piece)
    {
        result.Append(char.ToUpperInvariant(piece[0]));
        var shouting = !piece.ContainsAnyInRange('a', 'z');
        foreach (var c in piece[1..])
            result.Append(shouting ? char.ToLowerInvariant(c) : c);
    }

    /// <summary>
    /// The names of a C enum's enumerators without the prefix they all share up to an underscore (<c>PIDTYPE_</c> of
    /// <c>PIDTYPE_PID</c>, <c>PIDTYPE_TGID</c>), as C# enum members need no such prefix; kept whole when there is a
    /// single enumerator, or when a name would be left empty or starting with a digit.
    /// </summary>
    public static IReadOnlyList<string> WithoutCommonPrefix(IReadOnlyList<string> enumerators)
    {
        if (enumerators.Count < 2)
            return enumerators;
        var prefix = enumerators[0].AsSpan();
        foreach (var name in enumerators.Skip(1))
            prefix = prefix[..prefix.CommonPrefixLength(name)];
        var cut = prefix.LastIndexOf('_') + 1;
        if (cut == 0 || enumerators.Any(e => e.Length == cut || !char.IsAsciiLetter(e[cut])))
            return enumerators;
        return enumerators.Select(e => e[cut..]).ToList();
    }
}
