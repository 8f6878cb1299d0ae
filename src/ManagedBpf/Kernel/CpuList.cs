using System.Globalization;

namespace ManagedBpf.Kernel;

/// <summary>
/// The kernel's cpulist format (<c>0-3,8,10-11</c>), as /sys/devices/system/cpu/{possible,online} print it
/// (bitmap_print_list_to_buf); libbpf's parse_cpu_mask_str reads the same.
/// </summary>
internal static class CpuList
{
    /// <summary>The CPU ids the list names, ascending.</summary>
    /// <exception cref="BpfException">The text is empty or no cpulist.</exception>
    public static IReadOnlyList<int> Parse(string cpuList)
    {
        var ids = new SortedSet<int>();
        foreach (var range in cpuList.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = range.IndexOf('-');
            if (!int.TryParse(dash < 0 ? range : range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(dash < 0 ? range : range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || last < first)
                throw new BpfException($"cannot parse the CPU list '{cpuList.Trim()}'");
            for (var cpu = first; cpu <= last; cpu++)
                ids.Add(cpu);
        }
        return ids.Count > 0 ? [.. ids] : throw new BpfException($"cannot parse the CPU list '{cpuList.Trim()}'");
    }
}
