using System.Globalization;

namespace Samples.Profile;

/// <summary>A file mapping of a process (one line of /proc/PID/maps): its address range and the file offset it starts at.</summary>
internal sealed record Mapping(ulong Start, ulong End, ulong FileOffset, string Path)
{
    /// <summary>The file mappings of <paramref name="pid"/>, their paths through the process's root (so a file in another
    /// mount namespace is found); none when the process is gone.</summary>
    public static IReadOnlyList<Mapping> Of(int pid)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines($"/proc/{pid}/maps");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        var mappings = new List<Mapping>();
        // "START-END PERMS OFFSET DEV INODE PATH"
        foreach (var line in lines)
        {
            var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || !fields[5].StartsWith('/'))
                continue;
            var range = fields[0].Split('-');
            var start = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            mappings.Add(new Mapping(start, end, ulong.Parse(fields[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture), $"/proc/{pid}/root{fields[5]}"));
        }
        return mappings;
    }
}
