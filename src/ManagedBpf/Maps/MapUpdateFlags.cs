namespace ManagedBpf.Maps;

/// <summary>BPF_MAP_UPDATE_ELEM flags (include/uapi/linux/bpf.h).</summary>
public enum MapUpdateFlags : ulong
{
    /// <summary>BPF_ANY: create the element or overwrite it.</summary>
    Any = 0,

    /// <summary>BPF_NOEXIST: create only; EEXIST if present.</summary>
    NoExist = 1,

    /// <summary>BPF_EXIST: overwrite only; ENOENT if absent.</summary>
    Exist = 2,

    /// <summary>BPF_F_LOCK: update under the value's bpf_spin_lock.</summary>
    Lock = 4,
}
