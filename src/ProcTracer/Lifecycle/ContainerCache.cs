namespace ProcTracer.Lifecycle;

/// <summary>
/// The container of each cgroup seen at an exec, by cgroup id: an exit carries the id only (its record has no
/// path), and a cgroup's path does not change while it lives. Bounded: cleared when it grows past a few thousand
/// cgroups, since ids of removed cgroups are never reused.
/// </summary>
internal sealed class ContainerCache
{
    private const int Limit = 4096;
    private readonly Dictionary<ulong, Container?> _byCgroup = [];

    /// <summary>The container <paramref name="cgroupPath"/> names, remembered for <paramref name="cgroupId"/>.</summary>
    public Container? Learn(ulong cgroupId, ReadOnlySpan<byte> cgroupPath)
    {
        if (_byCgroup.TryGetValue(cgroupId, out var known))
            return known;
        if (_byCgroup.Count >= Limit)
            _byCgroup.Clear();
        var found = ContainerIds.Find(cgroupPath);
        _byCgroup[cgroupId] = found;
        return found;
    }

    /// <summary>The container of a cgroup seen before, if any.</summary>
    public Container? Find(ulong cgroupId) => _byCgroup.GetValueOrDefault(cgroupId);
}
