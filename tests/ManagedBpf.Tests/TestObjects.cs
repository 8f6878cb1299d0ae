namespace ManagedBpf.Tests;

/// <summary>The committed BPF objects, copied beside the test assembly by the project file.</summary>
internal static class TestObjects
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "bpf");

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public static byte[] Bootstrap => File.ReadAllBytes(PathOf("bootstrap.bpf.o"));

    public static ObjectSpec ParseBootstrap() => ObjectSpec.Parse(Bootstrap, "bootstrap");
}
