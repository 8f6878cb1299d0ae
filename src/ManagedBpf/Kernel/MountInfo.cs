using System.Text;

namespace ManagedBpf.Kernel;

/// <summary>One line of /proc/self/mountinfo (Documentation/filesystems/proc.rst, "3.5 /proc/&lt;pid&gt;/mountinfo").</summary>
/// <param name="MountPoint">Field 5, with the kernel's octal escapes (\040 …) decoded.</param>
/// <param name="FileSystemType">The first field after the " - " separator.</param>
/// <param name="Source">The second field after the separator.</param>
public readonly record struct MountEntry(string MountPoint, string FileSystemType, string Source);

/// <summary>Pure parsing of /proc/self/mountinfo text.</summary>
public static class MountInfo
{
    /// <summary>Parses every well-formed line; malformed lines are skipped.</summary>
    public static IReadOnlyList<MountEntry> Parse(string text)
    {
        var entries = new List<MountEntry>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            // The optional fields (shared:N, master:N …) vary in number; the separator "-" ends them.
            var separator = fields.Length > 6 ? Array.IndexOf(fields, "-", 6) : -1;
            if (separator < 0 || separator + 2 >= fields.Length)
                continue;
            entries.Add(new MountEntry(Unescape(fields[4]), fields[separator + 1], Unescape(fields[separator + 2])));
        }
        return entries;
    }

    /// <summary>
    /// Where tracefs is usable: the last tracefs mount (later mounts shadow earlier ones at the same place), else
    /// <c>&lt;debugfs&gt;/tracing</c>, which the kernel automounts on first access. Null if neither is mounted.
    /// </summary>
    public static string? FindTracefs(string text)
    {
        var entries = Parse(text);
        var tracefs = entries.LastOrDefault(e => e.FileSystemType == "tracefs");
        if (tracefs.FileSystemType is not null)
            return tracefs.MountPoint;
        var debugfs = entries.LastOrDefault(e => e.FileSystemType == "debugfs");
        return debugfs.FileSystemType is null ? null : debugfs.MountPoint.TrimEnd('/') + "/tracing";
    }

    // show_mountinfo (fs/proc_namespace.c) escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\'))
            return field;
        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                bytes.Add(Convert.ToByte(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(string s, int start) =>
        start + 3 <= s.Length && s[start] is >= '0' and <= '3' && s[start + 1] is >= '0' and <= '7' && s[start + 2] is >= '0' and <= '7';
}
