using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ManagedBpf.CodeGen.Naming;
using Xunit;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>The rule from C names to C# names (docs/codegen.md) and how colliding names are told apart.</summary>
public class NamingTests
{
    [Theory]
    [InlineData("min_duration_ns", "MinDurationNs")]
    [InlineData("PIDTYPE_PID", "PidtypePid")]
    [InlineData("task_struct___v2", "TaskStructV2")]
    [InlineData("fooBar", "FooBar")]
    [InlineData("__u64", "U64")]
    [InlineData("long_tp.____fmt", "LongTpFmt")]
    [InlineData(".rodata.str1.1", "RodataStr11")]
    [InlineData("_1", "_1")]
    [InlineData("___", "Unnamed")]
    [InlineData("event", "Event")]
    public void PascalCase(string c, string csharp) => Assert.Equal(csharp, CSharpNames.PascalCase(c));

    [Theory]
    [InlineData("PIDTYPE_PID,PIDTYPE_TGID,PIDTYPE_MAX", "PID,TGID,MAX")]
    [InlineData("SPEED_10,SPEED_100", "SPEED_10,SPEED_100")]
    [InlineData("A_X,A_", "A_X,A_")]
    [InlineData("COLOUR_RED", "COLOUR_RED")]
    [InlineData("RED,GREEN", "RED,GREEN")]
    public void EnumeratorsLoseTheirCommonPrefix(string names, string stripped) =>
        Assert.Equal(stripped.Split(','), CSharpNames.WithoutCommonPrefix(names.Split(',')));

    [Fact]
    public void CollidingNamesAreNumberedInOrderAndUniqueOnesKeepTheirs()
    {
        var scope = new NameScope(["Clash", .. NameScope.ObjectMembers]);

        var names = scope.Assign(["Event", "Event", "GetType", "Clash", "Event2", "Other"]);

        Assert.Equal(["Event", "Event3", "GetType2", "Clash2", "Event2", "Other"], names);
        Assert.Equal("Other2", scope.Assign("Other"));
    }

    [Property]
    public Property AssignedNamesAreDistinctAndGrowFromTheirCandidates(string[] raw)
    {
        var candidates = raw.Where(s => s is not null).Select(CSharpNames.PascalCase).ToList();
        var names = new NameScope(["Reserved"]).Assign(candidates);
        var distinct = names.Distinct(StringComparer.Ordinal).Count() == names.Count && !names.Contains("Reserved");
        var grown = candidates.Zip(names).All(p => p.Second == p.First || (p.Second.StartsWith(p.First, StringComparison.Ordinal) && int.TryParse(p.Second[p.First.Length..], out var n) && n >= 2));
        return (distinct && grown).ToProperty();
    }

    [Property]
    public Property PascalCaseGivesAnIdentifier(string raw)
    {
        var name = CSharpNames.PascalCase(raw ?? "");
        return (name.Length > 0 && (char.IsAsciiLetterUpper(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')).ToProperty();
    }
}
