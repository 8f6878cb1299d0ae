using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary><c>struct bpf_map_info</c> (include/uapi/linux/bpf.h) through map_extra; a valid prefix on 6.18.</summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
internal unsafe struct MapInfo
{
    [FieldOffset(0), KernelField("type")] public uint Type;
    [FieldOffset(4), KernelField("id")] public uint Id;
    [FieldOffset(8), KernelField("key_size")] public uint KeySize;
    [FieldOffset(12), KernelField("value_size")] public uint ValueSize;
    [FieldOffset(16), KernelField("max_entries")] public uint MaxEntries;
    [FieldOffset(20), KernelField("map_flags")] public uint MapFlags;
    [FieldOffset(24), KernelField("name")] public fixed byte Name[ObjectName.Capacity];
    [FieldOffset(40), KernelField("ifindex")] public uint IfIndex;
    [FieldOffset(44), KernelField("btf_vmlinux_value_type_id")] public uint BtfVmlinuxValueTypeId;
    [FieldOffset(48), KernelField("netns_dev")] public ulong NetnsDev;
    [FieldOffset(56), KernelField("netns_ino")] public ulong NetnsIno;
    [FieldOffset(64), KernelField("btf_id")] public uint BtfId;
    [FieldOffset(68), KernelField("btf_key_type_id")] public uint BtfKeyTypeId;
    [FieldOffset(72), KernelField("btf_value_type_id")] public uint BtfValueTypeId;
    [FieldOffset(76), KernelField("btf_vmlinux_id")] public uint BtfVmlinuxId;
    [FieldOffset(80), KernelField("map_extra")] public ulong MapExtra;
}
