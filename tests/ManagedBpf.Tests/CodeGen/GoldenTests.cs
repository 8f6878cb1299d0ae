using ManagedBpf.CodeGen;
using Xunit;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>
/// What <c>mbpf gen</c> writes for bpf/bootstrap.bpf.o with its ring record (<c>--types event</c>, as ProcTracer's
/// BpfObject item asks), byte for byte: CodeGen/Golden/bootstrap.bpf.g.cs. A change
/// to the generator or to the object shows here as a diff to read; when it is the intended one, regenerate with
/// <c>dotnet run --project src/Mbpf -- gen bpf/bootstrap.bpf.o --namespace Bootstrap --types event &gt; tests/ManagedBpf.Tests/CodeGen/Golden/bootstrap.bpf.g.cs</c>.
/// </summary>
public class GoldenTests
{
    private static readonly string Golden = Path.Combine(Repository.Root, "tests", "ManagedBpf.Tests", "CodeGen", "Golden", "bootstrap.bpf.g.cs");

    private static readonly GeneratorOptions Options = new() { SourceName = "bootstrap.bpf.o", Namespace = "Bootstrap", Types = ["event"] };

    [Fact]
    public void BootstrapGeneratesTheGoldenFile()
    {
        var generated = CSharpGenerator.Generate(TestObjects.ParseFile(Path.Combine(Repository.Root, "bpf", "bootstrap.bpf.o")), Options);

        Assert.Equal(File.ReadAllText(Golden), generated);
    }

    [Fact]
    public void TheSameObjectGivesTheSameBytes()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Repository.Root, "bpf", "gen", "layouts.bpf.o"));
        var options = Options with { SourceName = "layouts.bpf.o", Types = ["only_named"] };

        var first = CSharpGenerator.Generate(ObjectSpec.Parse(bytes, "layouts"), options);
        var second = CSharpGenerator.Generate(ObjectSpec.Parse(bytes.ToArray(), "layouts"), options);

        Assert.Equal(first, second);
    }
}
