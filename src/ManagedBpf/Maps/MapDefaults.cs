using ManagedBpf.Kernel;

namespace ManagedBpf.Maps;

/// <summary>What libbpf fills in when a map definition leaves it out (bpf_object__create_map).</summary>
internal static class MapDefaults
{
    /// <summary>
    /// A perf event array without max_entries gets one slot per possible CPU, which is what bpf_perf_event_output
    /// with BPF_F_CURRENT_CPU indexes.
    /// </summary>
    public static uint MaxEntries(MapSpec spec) =>
        spec.Type == MapType.PerfEventArray && spec.MaxEntries == 0 ? (uint)PossibleCpus.Count : spec.MaxEntries;
}
