namespace ManagedBpf.Kernel;

/// <summary>
/// The CPUs the kernel may ever bring up, which size per-CPU map values in user space: the kernel copies
/// round_up(value_size, 8) bytes per possible CPU (bpf_map_value_size in kernel/bpf/syscall.c), in CPU id order,
/// offline CPUs included (they keep their slots).
/// </summary>
public static class PossibleCpus
{
    private const string Path = "/sys/devices/system/cpu/possible";

    private static readonly Lazy<int> Cached = new(() => Parse(File.ReadAllText(Path)));

    /// <summary>Possible CPUs on this machine: the highest possible CPU id + 1, as libbpf_num_possible_cpus counts them.</summary>
    public static int Count => Cached.Value;

    /// <summary>Counts the CPUs in a kernel cpulist such as <c>0-3,8,10-11</c>: the highest id + 1 sizes the array.</summary>
    /// <exception cref="BpfException">The list is empty or malformed.</exception>
    public static int Parse(string cpuList) => CpuList.Parse(cpuList)[^1] + 1;
}
