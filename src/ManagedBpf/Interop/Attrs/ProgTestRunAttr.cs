using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>The <c>test</c> member of <c>union bpf_attr</c> for BPF_PROG_TEST_RUN (include/uapi/linux/bpf.h).</summary>
[StructLayout(LayoutKind.Explicit, Size = 80)]
internal struct ProgTestRunAttr
{
    /// <summary>BPF_F_TEST_RUN_ON_CPU: run on <see cref="Cpu"/> instead of the calling CPU (raw tracepoints, 5.10+).</summary>
    public const uint FlagRunOnCpu = 1;

    [FieldOffset(0)] public uint ProgFd;
    [FieldOffset(4)] public uint Retval;
    [FieldOffset(8)] public uint DataSizeIn;
    [FieldOffset(12)] public uint DataSizeOut;
    [FieldOffset(16)] public ulong DataIn;
    [FieldOffset(24)] public ulong DataOut;
    [FieldOffset(32)] public uint Repeat;
    [FieldOffset(36)] public uint Duration;
    [FieldOffset(40)] public uint CtxSizeIn;
    [FieldOffset(44)] public uint CtxSizeOut;
    [FieldOffset(48)] public ulong CtxIn;
    [FieldOffset(56)] public ulong CtxOut;
    [FieldOffset(64)] public uint Flags;
    [FieldOffset(68)] public uint Cpu;
    [FieldOffset(72)] public uint BatchSize;
}
