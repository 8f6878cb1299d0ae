namespace ManagedBpf.Kernel;

/// <summary>
/// The number of possible CPUs, which sizes per-CPU map values in user space (the kernel copies
/// round_up(value_size, 8) bytes per possible CPU; bpf_map_value_size in kernel/bpf/syscall.c).
/// </summary>
public static class PossibleCpus
{
    private const string Path = "/sys/devices/system/cpu/possible";

    private static readonly Lazy<int> Cached = new(() => Parse(File.ReadAllText(Path)));

    /// <summary>Possible CPUs on this machine (not online CPUs: offline ones keep their slots).</summary>
    public static int Count => Cached.Value;

    /// <summary>Counts the CPUs in a kernel cpulist such as <c>0-3,8,10-11</c>; the highest id + 1 sizes the array.</summary>
    public static int Parse(string cpuList)
    {
        var highest = -1;
        foreach (var range in cpuList.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = range.IndexOf('-');
            var last = dash < 0 ? range : range[(dash + 1)..];
            highest = Math.Max(highest, int.Parse(last, System.Globalization.CultureInfo.InvariantCulture));
        }
        return highest < 0 ? throw new BpfException($"cannot parse the possible CPU list '{cpuList}'") : highest + 1;
    }
}
