using Xunit;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>
/// The BpfObject item (build/ManagedBpf.targets) over every object of the repository, in this very project: each
/// one's class was generated and compiled in, and its object embedded, so <c>Open()</c> parses exactly the file's
/// bytes and finds its programs and maps.
/// </summary>
public class GeneratedClassTests
{
    public static TheoryData<string> Classes() => [.. ClassNames()];

    private static IEnumerable<string> ClassNames() => typeof(GeneratedClassTests).Assembly.GetTypes()
        .Where(t => t.GetField("ResourceName") is { IsLiteral: true } && t.GetMethod("Open", Type.EmptyTypes) is not null)
        .Select(t => t.FullName!).Order(StringComparer.Ordinal);

    /// <summary>
    /// The objects the test project's BpfObject globs name: bpf/ and its folders one level down, not deeper
    /// (bpf/testdata/arm64 holds arm64 builds of objects already there, under the same names).
    /// </summary>
    private static IEnumerable<string> ObjectFiles()
    {
        var bpf = Path.Combine(Repository.Root, "bpf");
        return Directory.EnumerateFiles(bpf, "*.bpf.o")
            .Concat(Directory.EnumerateDirectories(bpf).SelectMany(d => Directory.EnumerateFiles(d, "*.bpf.o")));
    }

    [Fact]
    public void EveryObjectOfTheRepositoryHasAGeneratedClass()
    {
        var objects = ObjectFiles().Select(Path.GetFileName);
        var resources = ClassNames().Select(c => (string)Class(c).GetField("ResourceName")!.GetRawConstantValue()!);
        Assert.Equal(objects.Order(StringComparer.Ordinal), resources.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void OpenParsesTheEmbeddedObject(string className)
    {
        var type = Class(className);
        var resource = (string)type.GetField("ResourceName")!.GetRawConstantValue()!;
        var file = ObjectFiles().Single(f => Path.GetFileName(f) == resource);
        using var embedded = type.Assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        embedded.CopyTo(copy);

        var spec = type.GetMethod("Open", Type.EmptyTypes)!.Invoke(null, null)!;
        var parsed = (ObjectSpec)spec.GetType().GetProperty("Object")!.GetValue(spec)!;

        Assert.Equal(File.ReadAllBytes(file), copy.ToArray());
        var expected = TestObjects.ParseFile(file);
        Assert.Equal(expected.Name, parsed.Name);
        Assert.Equal(expected.Programs.Keys.Order(), parsed.Programs.Keys.Order());
        Assert.Equal(expected.Maps.Keys.Order(), parsed.Maps.Keys.Order());
    }

    private static Type Class(string name) => typeof(GeneratedClassTests).Assembly.GetType(name)!;
}
