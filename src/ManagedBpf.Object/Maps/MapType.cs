namespace ManagedBpf.Maps;

/// <summary>enum bpf_map_type (include/uapi/linux/bpf.h).</summary>
public enum MapType : uint
{
    /// <summary>BPF_MAP_TYPE_UNSPEC: no map type; the kernel refuses it.</summary>
    Unspecified = 0,

    /// <summary>BPF_MAP_TYPE_HASH: a hash table of fixed-size keys and values (3.19).</summary>
    Hash = 1,

    /// <summary>BPF_MAP_TYPE_ARRAY: an array indexed by a 4-byte key, preallocated and zeroed (3.19); also the map of each global-data section.</summary>
    Array = 2,

    /// <summary>BPF_MAP_TYPE_PROG_ARRAY: program fds, the targets of bpf_tail_call (4.2).</summary>
    ProgramArray = 3,

    /// <summary>BPF_MAP_TYPE_PERF_EVENT_ARRAY: one perf event per CPU, written by bpf_perf_event_output (4.3).</summary>
    PerfEventArray = 4,

    /// <summary>BPF_MAP_TYPE_PERCPU_HASH: a hash table with one value per possible CPU (4.6).</summary>
    PerCpuHash = 5,

    /// <summary>BPF_MAP_TYPE_PERCPU_ARRAY: an array with one value per possible CPU (4.6).</summary>
    PerCpuArray = 6,

    /// <summary>BPF_MAP_TYPE_STACK_TRACE: stack traces stored by bpf_get_stackid (4.6).</summary>
    StackTrace = 7,

    /// <summary>BPF_MAP_TYPE_CGROUP_ARRAY: cgroup fds for bpf_skb_under_cgroup and bpf_current_task_under_cgroup (4.8).</summary>
    CgroupArray = 8,

    /// <summary>BPF_MAP_TYPE_LRU_HASH: a hash table that evicts the least recently used entry when full (4.10).</summary>
    LruHash = 9,

    /// <summary>BPF_MAP_TYPE_LRU_PERCPU_HASH: an LRU hash table with one value per possible CPU (4.10).</summary>
    LruPerCpuHash = 10,

    /// <summary>BPF_MAP_TYPE_LPM_TRIE: longest-prefix-match lookups, keys prefixed by their length in bits (4.11).</summary>
    LpmTrie = 11,

    /// <summary>BPF_MAP_TYPE_ARRAY_OF_MAPS: an array whose values are maps of one inner map's shape (4.12).</summary>
    ArrayOfMaps = 12,

    /// <summary>BPF_MAP_TYPE_HASH_OF_MAPS: a hash table whose values are maps of one inner map's shape (4.12).</summary>
    HashOfMaps = 13,

    /// <summary>BPF_MAP_TYPE_DEVMAP: network devices, targets of XDP redirects (4.14).</summary>
    DevMap = 14,

    /// <summary>BPF_MAP_TYPE_SOCKMAP: sockets by index, for sk_skb and sk_msg redirects (4.14).</summary>
    SockMap = 15,

    /// <summary>BPF_MAP_TYPE_CPUMAP: CPUs, targets of XDP redirects (4.15).</summary>
    CpuMap = 16,

    /// <summary>BPF_MAP_TYPE_XSKMAP: AF_XDP sockets, targets of XDP redirects (4.18).</summary>
    XskMap = 17,

    /// <summary>BPF_MAP_TYPE_SOCKHASH: sockets by key, for sk_skb and sk_msg redirects (4.18).</summary>
    SockHash = 18,

    /// <summary>BPF_MAP_TYPE_CGROUP_STORAGE: storage per cgroup and attach type for cgroup programs (4.19; deprecated by CgrpStorage).</summary>
    CgroupStorage = 19,

    /// <summary>BPF_MAP_TYPE_REUSEPORT_SOCKARRAY: sockets of a SO_REUSEPORT group, for sk_reuseport programs (4.19).</summary>
    ReusePortSockArray = 20,

    /// <summary>BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE: per-CPU storage per cgroup for cgroup programs (4.20).</summary>
    PerCpuCgroupStorage = 21,

    /// <summary>BPF_MAP_TYPE_QUEUE: a FIFO of values without keys (4.20).</summary>
    Queue = 22,

    /// <summary>BPF_MAP_TYPE_STACK: a LIFO of values without keys (4.20).</summary>
    Stack = 23,

    /// <summary>BPF_MAP_TYPE_SK_STORAGE: storage attached to each socket (5.2).</summary>
    SkStorage = 24,

    /// <summary>BPF_MAP_TYPE_DEVMAP_HASH: network devices by key, targets of XDP redirects (5.4).</summary>
    DevMapHash = 25,

    /// <summary>BPF_MAP_TYPE_STRUCT_OPS: a kernel struct of function pointers implemented by BPF programs (5.6).</summary>
    StructOps = 26,

    /// <summary>BPF_MAP_TYPE_RINGBUF: a ring buffer shared by all CPUs, read by user space through mmap (5.8).</summary>
    RingBuf = 27,

    /// <summary>BPF_MAP_TYPE_INODE_STORAGE: storage attached to each inode, for LSM programs (5.10).</summary>
    InodeStorage = 28,

    /// <summary>BPF_MAP_TYPE_TASK_STORAGE: storage attached to each task (5.11).</summary>
    TaskStorage = 29,

    /// <summary>BPF_MAP_TYPE_BLOOM_FILTER: a Bloom filter of values without keys (5.16).</summary>
    BloomFilter = 30,

    /// <summary>BPF_MAP_TYPE_USER_RINGBUF: a ring buffer written by user space and drained by bpf_user_ringbuf_drain (6.1).</summary>
    UserRingBuf = 31,

    /// <summary>BPF_MAP_TYPE_CGRP_STORAGE: storage attached to each cgroup (6.2).</summary>
    CgrpStorage = 32,

    /// <summary>BPF_MAP_TYPE_ARENA: pages shared between programs and user space (6.9).</summary>
    Arena = 33,
}

/// <summary>BPF_MAP_CREATE map_flags (include/uapi/linux/bpf.h).</summary>
[Flags]
public enum MapFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>BPF_F_NO_PREALLOC: hash entries are allocated on update, not all at creation (4.6).</summary>
    NoPrealloc = 1u << 0,

    /// <summary>BPF_F_NO_COMMON_LRU: an LRU hash keeps one LRU list per CPU (4.10).</summary>
    NoCommonLru = 1u << 1,

    /// <summary>BPF_F_NUMA_NODE: the map is allocated on the NUMA node given at creation (4.14).</summary>
    NumaNode = 1u << 2,

    /// <summary>BPF_F_RDONLY: the map fd is read-only for user space (4.15).</summary>
    ReadOnly = 1u << 3,

    /// <summary>BPF_F_WRONLY: the map fd is write-only for user space (4.15).</summary>
    WriteOnly = 1u << 4,

    /// <summary>BPF_F_STACK_BUILD_ID: a stack trace map stores build ids and offsets instead of addresses (4.17).</summary>
    StackBuildId = 1u << 5,

    /// <summary>BPF_F_ZERO_SEED: a hash map's hash seed is zero, for tests (5.0).</summary>
    ZeroSeed = 1u << 6,

    /// <summary>BPF_F_RDONLY_PROG: programs may only read the map (how .rodata lets the verifier trust its values once frozen).</summary>
    ReadOnlyProgram = 1u << 7,

    /// <summary>BPF_F_WRONLY_PROG: programs may only write the map (5.2).</summary>
    WriteOnlyProgram = 1u << 8,

    /// <summary>BPF_F_CLONE: socket local storage is cloned to a socket accepted from it (5.4).</summary>
    Clone = 1u << 9,

    /// <summary>BPF_F_MMAPABLE: user space may mmap the values (array maps).</summary>
    Mmapable = 1u << 10,

    /// <summary>BPF_F_PRESERVE_ELEMS: a perf event array keeps its events when the map fd that set them is closed (5.10).</summary>
    PreserveElements = 1u << 11,

    /// <summary>BPF_F_INNER_MAP: an inner map whose max_entries may differ between the maps of its outer map (5.10).</summary>
    InnerMap = 1u << 12,

    /// <summary>BPF_F_LINK: a struct_ops map registered through a bpf link (<c>SEC(".struct_ops.link")</c>), not by its update alone.</summary>
    Link = 1u << 13,

    /// <summary>BPF_F_TOKEN_FD: the map is created through a BPF token (6.9).</summary>
    Token = 1u << 16,
}
