namespace ManagedBpf.Kernel;

/// <summary>
/// The CPUs that run now (/sys/devices/system/cpu/online): where per-CPU perf events are opened (libbpf's
/// parse_cpu_mask_file). Read on every call, since CPUs come and go.
/// </summary>
internal static class OnlineCpus
{
    private const string Path = "/sys/devices/system/cpu/online";

    /// <summary>The online CPUs' ids, ascending.</summary>
    public static IReadOnlyList<int> List() => CpuList.Parse(File.ReadAllText(Path));
}
