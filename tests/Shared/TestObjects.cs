namespace ManagedBpf.Tests;

/// <summary>The committed BPF objects, copied beside the test assembly by the project file.</summary>
internal static class TestObjects
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "bpf");

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public static byte[] Bootstrap => File.ReadAllBytes(PathOf("bootstrap.bpf.o"));

    public static ObjectSpec ParseBootstrap() => ObjectSpec.Parse(Bootstrap, "bootstrap");

    /// <summary>Parses an object file as the library's ObjectSpec.ParseFile does (that overload lives in the live project).</summary>
    public static ObjectSpec ParseFile(string path) => ObjectSpec.Parse(File.ReadAllBytes(path), ObjectSpec.NameFromPath(path));
}

/// <summary>Where the corpus is: bpf/testdata/ of the repository that contains the running test assembly.</summary>
internal static class CorpusPaths
{
    public static string Directory => Path.Combine(Repository.Root, "bpf", "testdata");
}
