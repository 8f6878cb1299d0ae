namespace ManagedBpf;

/// <summary>
/// A map is to be pinned by name, but the map already pinned at that path differs from the definition in type, key
/// or value size, max_entries, flags or map_extra. libbpf refuses to reuse such a pin, and so does this loader:
/// unpin it (rm) or rename one of the maps.
/// </summary>
public sealed class BpfPinMismatchException : BpfException
{
    /// <summary>The map pinned at <paramref name="pinPath"/> differs from the object's map <paramref name="mapName"/>.</summary>
    /// <param name="mapName">The object's map.</param>
    /// <param name="pinPath">The pin in bpffs.</param>
    /// <param name="differences">What differs (type, sizes, flags), one per entry.</param>
    public BpfPinMismatchException(string mapName, string pinPath, IReadOnlyList<string> differences)
        : base($"map '{mapName}': the map pinned at {pinPath} is incompatible and cannot be reused: {string.Join(", ", differences)}")
    {
        MapName = mapName;
        PinPath = pinPath;
        Differences = differences;
    }

    /// <summary>The map of the object being loaded.</summary>
    public string MapName { get; }

    /// <summary>The path of the existing pin.</summary>
    public string PinPath { get; }

    /// <summary>One entry per differing attribute: <c>max_entries 4 (pinned) != 8 (object)</c>.</summary>
    public IReadOnlyList<string> Differences { get; }
}
