using System.Globalization;
using ManagedBpf.Btf;
using ManagedBpf.CodeGen.Naming;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// A C enum (BTF_KIND_ENUM, or BTF_KIND_ENUM64 for 64-bit values) as a C# enum of the same size and signedness.
/// Enumerator names lose the prefix they all share (<see cref="CSharpNames.WithoutCommonPrefix"/>), then follow
/// <see cref="CSharpNames.PascalCase"/>: <c>enum pid_type { PIDTYPE_PID, PIDTYPE_TGID }</c> becomes
/// <c>PidType.Pid</c>, <c>PidType.Tgid</c>.
/// </summary>
internal static class EnumWriter
{
    /// <summary>Declares <paramref name="e"/> as the enum <paramref name="name"/>; <paramref name="summary"/> opens its doc comment (XML).</summary>
    public static void Write(CodeWriter w, string name, BtfEnum e, string summary)
    {
        var underlying = (e.Size, e.Signed) switch
        {
            (1, true) => "sbyte",
            (1, false) => "byte",
            (2, true) => "short",
            (2, false) => "ushort",
            (4, true) => "int",
            (4, false) => "uint",
            (8, true) => "long",
            (8, false) => "ulong",
            _ => throw new BpfException($"enum '{e.Name}' is {e.Size} bytes, which no C# enum is"),
        };
        var cNames = e.Values.Select(v => v.Name).ToList();
        var names = MemberNames(name, e);

        w.Separate();
        w.ShortSummary($"{summary}: {e.Size} bytes, {(e.Signed ? "signed" : "unsigned")}.");
        w.Open($"public enum {name} : {underlying}");
        for (var i = 0; i < e.Values.Count; i++)
        {
            var value = e.Signed ? e.Values[i].Value.ToString(CultureInfo.InvariantCulture) : ((ulong)e.Values[i].Value).ToString(CultureInfo.InvariantCulture);
            w.Separate();
            w.ShortSummary($"<c>{EmitContext.Xml(cNames[i])}</c> = {value}.");
            w.Line($"{names[i]} = {value},");
        }
        w.Close();
    }

    /// <summary>The C# names of the enumerators of <paramref name="e"/>, declared as the enum <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> MemberNames(string name, BtfEnum e) =>
        new NameScope([name, "value__"]).Assign(CSharpNames.WithoutCommonPrefix(e.Values.Select(v => v.Name).ToList()).Select(CSharpNames.PascalCase).ToList());
}
