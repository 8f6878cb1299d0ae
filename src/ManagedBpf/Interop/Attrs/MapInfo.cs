using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary><c>struct bpf_map_info</c> (include/uapi/linux/bpf.h) through map_extra; a valid prefix on 6.18.</summary>
[StructLayout(LayoutKind.Explicit, Size = 88)]
internal unsafe struct MapInfo
{
    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Id;
    [FieldOffset(8)] public uint KeySize;
    [FieldOffset(12)] public uint ValueSize;
    [FieldOffset(16)] public uint MaxEntries;
    [FieldOffset(20)] public uint MapFlags;
    [FieldOffset(24)] public fixed byte Name[ObjectName.Capacity];
    [FieldOffset(40)] public uint IfIndex;
    [FieldOffset(44)] public uint BtfVmlinuxValueTypeId;
    [FieldOffset(48)] public ulong NetnsDev;
    [FieldOffset(56)] public ulong NetnsIno;
    [FieldOffset(64)] public uint BtfId;
    [FieldOffset(68)] public uint BtfKeyTypeId;
    [FieldOffset(72)] public uint BtfValueTypeId;
    [FieldOffset(76)] public uint BtfVmlinuxId;
    [FieldOffset(80)] public ulong MapExtra;
}
