using System.Globalization;

namespace ManagedBpf.Kernel;

/// <summary>
/// The CPUs the kernel may ever bring up, which size per-CPU map values in user space: the kernel copies
/// round_up(value_size, 8) bytes per possible CPU (bpf_map_value_size in kernel/bpf/syscall.c), in CPU id order,
/// offline CPUs included (they keep their slots).
/// </summary>
public static class PossibleCpus
{
    private const string PossiblePath = "/sys/devices/system/cpu/possible";
    private const string OnlinePath = "/sys/devices/system/cpu/online";

    private static readonly Lazy<int> Cached = new(() => Parse(File.ReadAllText(PossiblePath)));

    /// <summary>Possible CPUs on this machine: the highest possible CPU id + 1, as libbpf_num_possible_cpus counts them.</summary>
    public static int Count => Cached.Value;

    /// <summary>Counts the CPUs in a kernel cpulist such as <c>0-3,8,10-11</c>: the highest id + 1 sizes the array.</summary>
    /// <exception cref="BpfException">The list is empty or malformed.</exception>
    public static int Parse(string cpuList)
    {
        var ids = Ids(cpuList);
        return ids[^1] + 1;
    }

    /// <summary>The CPUs online now (read afresh each time: CPUs come and go), ascending.</summary>
    internal static IReadOnlyList<int> Online() => Ids(File.ReadAllText(OnlinePath));

    /// <summary>The ids of a kernel cpulist (<c>0-3,8</c>), ascending.</summary>
    internal static int[] Ids(string cpuList)
    {
        var ids = new SortedSet<int>();
        foreach (var range in cpuList.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = range.IndexOf('-');
            if (!int.TryParse(dash < 0 ? range : range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first) ||
                !int.TryParse(dash < 0 ? range : range[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var last) || last < first)
                throw new BpfException($"cannot parse the CPU list '{cpuList.Trim()}'");
            for (var cpu = first; cpu <= last; cpu++)
                ids.Add(cpu);
        }
        return ids.Count == 0 ? throw new BpfException($"cannot parse the CPU list '{cpuList.Trim()}'") : [.. ids];
    }
}
