namespace ManagedBpf.Tests;

/// <summary>The committed BPF objects, copied beside the test assembly by the project file.</summary>
internal static class TestObjects
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "bpf");

    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    public static byte[] Bootstrap => File.ReadAllBytes(PathOf("bootstrap.bpf.o"));

    public static ObjectSpec ParseBootstrap() => ObjectSpec.Parse(Bootstrap, "bootstrap");

    /// <summary>Element 0 of a loaded object's global-data map (<c>.bss</c> by default): its variables as the programs left them.</summary>
    public static byte[] ReadGlobalData(BpfObject obj, string section = ".bss")
    {
        var map = obj.Maps[section];
        var value = new byte[map.ValueBufferSize];
        Xunit.Assert.True(map.TryLookup(new byte[4], value), $"{section} has no element 0");
        return value;
    }
}
