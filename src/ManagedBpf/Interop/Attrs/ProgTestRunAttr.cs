using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The <c>test</c> member of <c>union bpf_attr</c> for BPF_PROG_TEST_RUN (include/uapi/linux/bpf.h).</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct ProgTestRunAttr
{
    /// <summary>BPF_F_TEST_RUN_ON_CPU: run on <see cref="Cpu"/> instead of the calling CPU (raw tracepoints, 5.10+).</summary>
    public const uint FlagRunOnCpu = 1;

    [FieldOffset(0), KernelField("prog_fd")] public uint ProgFd;
    [FieldOffset(4), KernelField("retval")] public uint Retval;
    [FieldOffset(8), KernelField("data_size_in")] public uint DataSizeIn;
    [FieldOffset(12), KernelField("data_size_out")] public uint DataSizeOut;
    [FieldOffset(16), KernelField("data_in")] public ulong DataIn;
    [FieldOffset(24), KernelField("data_out")] public ulong DataOut;
    [FieldOffset(32), KernelField("repeat")] public uint Repeat;
    [FieldOffset(36), KernelField("duration")] public uint Duration;
    [FieldOffset(40), KernelField("ctx_size_in")] public uint CtxSizeIn;
    [FieldOffset(44), KernelField("ctx_size_out")] public uint CtxSizeOut;
    [FieldOffset(48), KernelField("ctx_in")] public ulong CtxIn;
    [FieldOffset(56), KernelField("ctx_out")] public ulong CtxOut;
    [FieldOffset(64), KernelField("flags")] public uint Flags;
    [FieldOffset(68), KernelField("cpu")] public uint Cpu;
    [FieldOffset(72), KernelField("batch_size")] public uint BatchSize;
}
