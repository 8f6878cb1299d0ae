using Xunit;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>
/// <c>mbpf gen</c> over every object of the repository: the generated file compiles cleanly, and every struct, union,
/// enum and inline array it declares is laid out as the object's BTF says (<see cref="LayoutChecker"/>). Objects
/// built elsewhere (libbpf-bootstrap's examples, bcc's libbpf-tools, cilium/ebpf's test objects, as
/// bpf/testdata/README.md says how) are checked too when MBPF_GEN_OBJECTS names their directories, colon-separated.
/// </summary>
public class GeneratedLayoutTests
{
    public static TheoryData<string> Objects()
    {
        var root = Path.Combine(Repository.Root, "bpf");
        var extra = (Environment.GetEnvironmentVariable("MBPF_GEN_OBJECTS") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(d => Directory.EnumerateFiles(d).Where(f => f.EndsWith(".o", StringComparison.Ordinal) || f.EndsWith("-el.elf", StringComparison.Ordinal)));
        return [.. Directory.EnumerateFiles(root, "*.bpf.o", SearchOption.AllDirectories).Concat(extra)
            .Where(Parses).Order(StringComparer.Ordinal)];
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void GeneratedTypesHaveTheLayoutOfBtf(string path)
    {
        var code = GeneratedCode.Of(path, path.EndsWith("layouts.bpf.o", StringComparison.Ordinal) ? ["only_named"] : []);
        var checker = new LayoutChecker(code);
        var problems = checker.CheckAll();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The check itself, shown to catch what it looks for: a member moved, a struct resized, a bitfield shifted.</summary>
    [Theory]
    [InlineData("[global::System.Runtime.InteropServices.FieldOffset(4)]\n    public uint U32;", "[global::System.Runtime.InteropServices.FieldOffset(5)]\n    public uint U32;", "Layout.u32: sets bits [40, +32), BTF says bytes [4, +4)")]
    [InlineData("LayoutKind.Explicit, Size = 4)]\npublic partial struct Inner", "LayoutKind.Explicit, Size = 6)]\npublic partial struct Inner", "Inner: 6 bytes, BTF says 4")]
    [InlineData("_bits48x4 >> 8)", "_bits48x4 >> 9)", "Layout.lo: reads back")]
    public void TheCheckFindsALayoutThatDiffers(string generated, string edited, string problem)
    {
        var code = GeneratedCode.Of(Path.Combine(Repository.Root, "bpf", "gen", "layouts.bpf.o"), ["only_named"], source =>
            source.Contains(generated, StringComparison.Ordinal) ? source.Replace(generated, edited, StringComparison.Ordinal) : throw new InvalidOperationException($"no '{generated}' in the generated code"));
        Assert.Contains(new LayoutChecker(code).CheckAll(), p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    /// <summary>Objects this loader cannot read (legacy <c>maps</c> sections, in cilium's corpus) have nothing to generate from.</summary>
    private static bool Parses(string path)
    {
        try
        {
            TestObjects.ParseFile(path);
            return true;
        }
        catch (BpfFormatException)
        {
            return false;
        }
    }
}
