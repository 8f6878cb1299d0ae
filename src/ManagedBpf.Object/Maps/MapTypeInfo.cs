namespace ManagedBpf.Maps;

/// <summary>The UAPI name of each map type and the mainline release that introduced it (include/uapi/linux/bpf.h history).</summary>
public static class MapTypeInfo
{
    /// <summary>BPF_MAP_TYPE_... as the UAPI spells it.</summary>
    public static string UapiName(MapType type) => type switch
    {
        MapType.Hash => "BPF_MAP_TYPE_HASH",
        MapType.Array => "BPF_MAP_TYPE_ARRAY",
        MapType.ProgramArray => "BPF_MAP_TYPE_PROG_ARRAY",
        MapType.PerfEventArray => "BPF_MAP_TYPE_PERF_EVENT_ARRAY",
        MapType.PerCpuHash => "BPF_MAP_TYPE_PERCPU_HASH",
        MapType.PerCpuArray => "BPF_MAP_TYPE_PERCPU_ARRAY",
        MapType.StackTrace => "BPF_MAP_TYPE_STACK_TRACE",
        MapType.CgroupArray => "BPF_MAP_TYPE_CGROUP_ARRAY",
        MapType.LruHash => "BPF_MAP_TYPE_LRU_HASH",
        MapType.LruPerCpuHash => "BPF_MAP_TYPE_LRU_PERCPU_HASH",
        MapType.LpmTrie => "BPF_MAP_TYPE_LPM_TRIE",
        MapType.ArrayOfMaps => "BPF_MAP_TYPE_ARRAY_OF_MAPS",
        MapType.HashOfMaps => "BPF_MAP_TYPE_HASH_OF_MAPS",
        MapType.DevMap => "BPF_MAP_TYPE_DEVMAP",
        MapType.SockMap => "BPF_MAP_TYPE_SOCKMAP",
        MapType.CpuMap => "BPF_MAP_TYPE_CPUMAP",
        MapType.XskMap => "BPF_MAP_TYPE_XSKMAP",
        MapType.SockHash => "BPF_MAP_TYPE_SOCKHASH",
        MapType.CgroupStorage => "BPF_MAP_TYPE_CGROUP_STORAGE",
        MapType.ReusePortSockArray => "BPF_MAP_TYPE_REUSEPORT_SOCKARRAY",
        MapType.PerCpuCgroupStorage => "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE",
        MapType.Queue => "BPF_MAP_TYPE_QUEUE",
        MapType.Stack => "BPF_MAP_TYPE_STACK",
        MapType.SkStorage => "BPF_MAP_TYPE_SK_STORAGE",
        MapType.DevMapHash => "BPF_MAP_TYPE_DEVMAP_HASH",
        MapType.StructOps => "BPF_MAP_TYPE_STRUCT_OPS",
        MapType.RingBuf => "BPF_MAP_TYPE_RINGBUF",
        MapType.InodeStorage => "BPF_MAP_TYPE_INODE_STORAGE",
        MapType.TaskStorage => "BPF_MAP_TYPE_TASK_STORAGE",
        MapType.BloomFilter => "BPF_MAP_TYPE_BLOOM_FILTER",
        MapType.UserRingBuf => "BPF_MAP_TYPE_USER_RINGBUF",
        MapType.CgrpStorage => "BPF_MAP_TYPE_CGRP_STORAGE",
        MapType.Arena => "BPF_MAP_TYPE_ARENA",
        _ => $"map type {(uint)type}",
    };

    /// <summary>The first mainline release with the map type, or null for one this table does not know.</summary>
    public static string? MinimumKernel(MapType type) => type switch
    {
        MapType.Hash or MapType.Array => "3.19",
        MapType.ProgramArray => "4.2",
        MapType.PerfEventArray => "4.3",
        MapType.PerCpuHash or MapType.PerCpuArray or MapType.StackTrace => "4.6",
        MapType.CgroupArray => "4.8",
        MapType.LruHash or MapType.LruPerCpuHash => "4.10",
        MapType.LpmTrie => "4.11",
        MapType.ArrayOfMaps or MapType.HashOfMaps => "4.12",
        MapType.DevMap or MapType.SockMap => "4.14",
        MapType.CpuMap => "4.15",
        MapType.XskMap or MapType.SockHash => "4.18",
        MapType.CgroupStorage or MapType.ReusePortSockArray => "4.19",
        MapType.PerCpuCgroupStorage or MapType.Queue or MapType.Stack => "4.20",
        MapType.SkStorage => "5.2",
        MapType.DevMapHash => "5.4",
        MapType.StructOps => "5.6",
        MapType.RingBuf => "5.8",
        MapType.InodeStorage => "5.10",
        MapType.TaskStorage => "5.11",
        MapType.BloomFilter => "5.16",
        MapType.UserRingBuf => "6.1",
        MapType.CgrpStorage => "6.2",
        MapType.Arena => "6.9",
        _ => null,
    };
}
