namespace ManagedBpf.Tests;

/// <summary>What tests read back from a loaded object.</summary>
internal static class LoadedObjects
{
    /// <summary>Element 0 of a loaded object's global-data map (<c>.bss</c> by default): its variables as the programs left them.</summary>
    public static byte[] ReadGlobalData(BpfObject obj, string section = ".bss")
    {
        var map = obj.Maps[section];
        var value = new byte[map.ValueBufferSize];
        Xunit.Assert.True(map.TryLookup(new byte[4], value), $"{section} has no element 0");
        return value;
    }
}
