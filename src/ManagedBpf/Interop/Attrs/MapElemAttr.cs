using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The element-operation member of <c>union bpf_attr</c> (BPF_MAP_*_ELEM, BPF_MAP_GET_NEXT_KEY, BPF_MAP_FREEZE;
/// include/uapi/linux/bpf.h). <see cref="Value"/> doubles as next_key.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct MapElemAttr
{
    [FieldOffset(0), KernelField("map_fd")] public uint MapFd;
    [FieldOffset(8), KernelField("key")] public ulong Key;
    [FieldOffset(16), KernelField("value")] public ulong Value;
    [FieldOffset(24), KernelField("flags")] public ulong Flags;
}
