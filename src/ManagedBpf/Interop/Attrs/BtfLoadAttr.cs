using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_BTF_LOAD member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h), up to btf_log_true_size (6.4+).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct BtfLoadAttr
{
    [FieldOffset(0)] public ulong Btf;
    [FieldOffset(8)] public ulong BtfLogBuf;
    [FieldOffset(16)] public uint BtfSize;
    [FieldOffset(20)] public uint BtfLogSize;
    [FieldOffset(24)] public uint BtfLogLevel;
    [FieldOffset(28)] public uint BtfLogTrueSize;
}
