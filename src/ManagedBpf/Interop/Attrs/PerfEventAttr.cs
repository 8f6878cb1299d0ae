using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// <c>struct perf_event_attr</c> (include/uapi/linux/perf_event.h), PERF_ATTR_SIZE_VER8 = 136 bytes (6.3+, config3).
/// Older kernels accept it as long as the bytes they do not know are zero. The bit fields at offset 40 are one
/// <see cref="Flags"/> word.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = SizeVer8)]
internal struct PerfEventAttr
{
    public const int SizeVer8 = 136;

    [FieldOffset(0), KernelField("type")] public uint Type;
    [FieldOffset(4), KernelField("size")] public uint Size;
    [FieldOffset(8), KernelField("config")] public ulong Config;
    [FieldOffset(16), KernelField("sample_period")] public ulong SamplePeriod;
    [FieldOffset(24), KernelField("sample_type")] public ulong SampleType;
    [FieldOffset(32), KernelField("read_format")] public ulong ReadFormat;
    [FieldOffset(40), KernelField("disabled")] public ulong Flags;
    [FieldOffset(48), KernelField("wakeup_events")] public uint WakeupEvents;
    [FieldOffset(52), KernelField("bp_type")] public uint BpType;
    [FieldOffset(56), KernelField("config1")] public ulong Config1;
    [FieldOffset(64), KernelField("config2")] public ulong Config2;
    [FieldOffset(72), KernelField("branch_sample_type")] public ulong BranchSampleType;
    [FieldOffset(80), KernelField("sample_regs_user")] public ulong SampleRegsUser;
    [FieldOffset(88), KernelField("sample_stack_user")] public uint SampleStackUser;
    [FieldOffset(92), KernelField("clockid")] public int ClockId;
    [FieldOffset(96), KernelField("sample_regs_intr")] public ulong SampleRegsIntr;
    [FieldOffset(104), KernelField("aux_watermark")] public uint AuxWatermark;
    [FieldOffset(108), KernelField("sample_max_stack")] public ushort SampleMaxStack;
    [FieldOffset(112), KernelField("aux_sample_size")] public uint AuxSampleSize;
    [FieldOffset(116), KernelField("aux_action")] public uint AuxAction;
    [FieldOffset(120), KernelField("sig_data")] public ulong SigData;
    [FieldOffset(128), KernelField("config3")] public ulong Config3;
}
