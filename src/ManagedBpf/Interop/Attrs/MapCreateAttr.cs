using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_MAP_CREATE member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h), up to map_token_fd.
/// Later members (excl_prog_hash, 6.17+) are left out: the kernel zero-fills a shorter attr.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct MapCreateAttr
{
    [FieldOffset(0), KernelField("map_type")] public uint MapType;
    [FieldOffset(4), KernelField("key_size")] public uint KeySize;
    [FieldOffset(8), KernelField("value_size")] public uint ValueSize;
    [FieldOffset(12), KernelField("max_entries")] public uint MaxEntries;
    [FieldOffset(16), KernelField("map_flags")] public uint MapFlags;
    [FieldOffset(20), KernelField("inner_map_fd")] public uint InnerMapFd;
    [FieldOffset(24), KernelField("numa_node")] public uint NumaNode;
    [FieldOffset(28), KernelField("map_name")] public fixed byte MapName[ObjectName.Capacity];
    [FieldOffset(44), KernelField("map_ifindex")] public uint MapIfIndex;
    [FieldOffset(48), KernelField("btf_fd")] public uint BtfFd;
    [FieldOffset(52), KernelField("btf_key_type_id")] public uint BtfKeyTypeId;
    [FieldOffset(56), KernelField("btf_value_type_id")] public uint BtfValueTypeId;
    [FieldOffset(60), KernelField("btf_vmlinux_value_type_id")] public uint BtfVmlinuxValueTypeId;
    [FieldOffset(64), KernelField("map_extra")] public ulong MapExtra;
    [FieldOffset(72), KernelField("value_type_btf_obj_fd")] public int ValueTypeBtfObjFd;
    [FieldOffset(76), KernelField("map_token_fd")] public int MapTokenFd;
}
