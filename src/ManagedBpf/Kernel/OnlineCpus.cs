using System.Globalization;

namespace ManagedBpf.Kernel;

/// <summary>
/// The CPUs that run now (/sys/devices/system/cpu/online): where per-CPU perf events are opened (libbpf's
/// parse_cpu_mask_file). Read on every call, since CPUs come and go.
/// </summary>
internal static class OnlineCpus
{
    private const string Path = "/sys/devices/system/cpu/online";

    /// <summary>The online CPUs' ids, ascending.</summary>
    public static IReadOnlyList<int> List() => Expand(File.ReadAllText(Path));

    /// <summary>The ids of a kernel cpulist such as <c>0-3,8,10-11</c>.</summary>
    /// <exception cref="BpfException">The text is no cpulist.</exception>
    public static IReadOnlyList<int> Expand(string cpuList)
    {
        var cpus = new List<int>();
        foreach (var range in cpuList.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = range.IndexOf('-');
            if (!int.TryParse(dash < 0 ? range : range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
                || !int.TryParse(dash < 0 ? range : range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
                || last < first)
                throw new BpfException($"cannot parse the CPU list '{cpuList}'");
            for (var cpu = first; cpu <= last; cpu++)
                cpus.Add(cpu);
        }
        return cpus.Count > 0 ? cpus : throw new BpfException($"cannot parse the CPU list '{cpuList}'");
    }
}
