using System.Globalization;

namespace ProcTracer.Lifecycle;

/// <summary>
/// The processes below one in the process tree, from /proc: what --tree follows from the start, before the BPF fork
/// program adds the children born after it attached.
/// </summary>
internal static class ProcessTree
{
    /// <summary><paramref name="root"/> and every living descendant.</summary>
    public static List<uint> Descendants(uint root)
    {
        var children = new Dictionary<uint, List<uint>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!uint.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                || ParentOf(directory) is not { } parent)
                continue;
            if (!children.TryGetValue(parent, out var list))
                children[parent] = list = [];
            list.Add(pid);
        }
        var found = new List<uint> { root };
        for (var i = 0; i < found.Count; i++)
            found.AddRange(children.GetValueOrDefault(found[i]) ?? []);
        return found;
    }

    /// <summary>The ppid field of /proc/PID/stat, read after the comm, which may hold spaces and parentheses; null
    /// when the process is gone.</summary>
    internal static uint? ParentOf(string directory)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(Path.Combine(directory, "stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;
    }
}
