namespace ManagedBpf.Maps;

/// <summary>enum bpf_map_type (include/uapi/linux/bpf.h).</summary>
public enum MapType : uint
{
    Unspecified = 0,
    Hash = 1,
    Array = 2,
    ProgramArray = 3,
    PerfEventArray = 4,
    PerCpuHash = 5,
    PerCpuArray = 6,
    StackTrace = 7,
    CgroupArray = 8,
    LruHash = 9,
    LruPerCpuHash = 10,
    LpmTrie = 11,
    ArrayOfMaps = 12,
    HashOfMaps = 13,
    DevMap = 14,
    SockMap = 15,
    CpuMap = 16,
    XskMap = 17,
    SockHash = 18,
    CgroupStorage = 19,
    ReusePortSockArray = 20,
    PerCpuCgroupStorage = 21,
    Queue = 22,
    Stack = 23,
    SkStorage = 24,
    DevMapHash = 25,
    StructOps = 26,
    RingBuf = 27,
    InodeStorage = 28,
    TaskStorage = 29,
    BloomFilter = 30,
    UserRingBuf = 31,
    CgrpStorage = 32,
    Arena = 33,
}

/// <summary>BPF_MAP_CREATE map_flags (include/uapi/linux/bpf.h).</summary>
[Flags]
public enum MapFlags : uint
{
    None = 0,
    NoPrealloc = 1u << 0,
    NoCommonLru = 1u << 1,
    NumaNode = 1u << 2,
    ReadOnly = 1u << 3,
    WriteOnly = 1u << 4,
    StackBuildId = 1u << 5,
    ZeroSeed = 1u << 6,

    /// <summary>BPF_F_RDONLY_PROG: programs may only read the map (how .rodata lets the verifier trust its values once frozen).</summary>
    ReadOnlyProgram = 1u << 7,
    WriteOnlyProgram = 1u << 8,
    Clone = 1u << 9,

    /// <summary>BPF_F_MMAPABLE: user space may mmap the values (array maps).</summary>
    Mmapable = 1u << 10,
    PreserveElements = 1u << 11,
    InnerMap = 1u << 12,

    /// <summary>BPF_F_LINK: a struct_ops map registered through a bpf link (<c>SEC(".struct_ops.link")</c>), not by its update alone.</summary>
    Link = 1u << 13,
    Token = 1u << 16,
}
