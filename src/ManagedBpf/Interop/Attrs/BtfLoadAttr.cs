using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_BTF_LOAD member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h), up to btf_log_true_size (6.4+).
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 32)]
internal struct BtfLoadAttr
{
    [FieldOffset(0), KernelField("btf")] public ulong Btf;
    [FieldOffset(8), KernelField("btf_log_buf")] public ulong BtfLogBuf;
    [FieldOffset(16), KernelField("btf_size")] public uint BtfSize;
    [FieldOffset(20), KernelField("btf_log_size")] public uint BtfLogSize;
    [FieldOffset(24), KernelField("btf_log_level")] public uint BtfLogLevel;
    [FieldOffset(28), KernelField("btf_log_true_size")] public uint BtfLogTrueSize;
}
