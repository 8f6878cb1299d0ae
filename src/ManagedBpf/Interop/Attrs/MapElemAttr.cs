using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The element-operation member of <c>union bpf_attr</c> (BPF_MAP_*_ELEM, BPF_MAP_GET_NEXT_KEY, BPF_MAP_FREEZE;
/// include/uapi/linux/bpf.h). <see cref="Value"/> doubles as next_key.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct MapElemAttr
{
    [FieldOffset(0)] public uint MapFd;
    [FieldOffset(8)] public ulong Key;
    [FieldOffset(16)] public ulong Value;
    [FieldOffset(24)] public ulong Flags;
}
