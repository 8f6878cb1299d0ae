using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_MAP_CREATE member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h), up to map_token_fd.
/// Later members (excl_prog_hash, 6.17+) are left out: the kernel zero-fills a shorter attr.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal unsafe struct MapCreateAttr
{
    [FieldOffset(0)] public uint MapType;
    [FieldOffset(4)] public uint KeySize;
    [FieldOffset(8)] public uint ValueSize;
    [FieldOffset(12)] public uint MaxEntries;
    [FieldOffset(16)] public uint MapFlags;
    [FieldOffset(20)] public uint InnerMapFd;
    [FieldOffset(24)] public uint NumaNode;
    [FieldOffset(28)] public fixed byte MapName[ObjectName.Capacity];
    [FieldOffset(44)] public uint MapIfIndex;
    [FieldOffset(48)] public uint BtfFd;
    [FieldOffset(52)] public uint BtfKeyTypeId;
    [FieldOffset(56)] public uint BtfValueTypeId;
    [FieldOffset(60)] public uint BtfVmlinuxValueTypeId;
    [FieldOffset(64)] public ulong MapExtra;
    [FieldOffset(72)] public int ValueTypeBtfObjFd;
    [FieldOffset(76)] public int MapTokenFd;
}
