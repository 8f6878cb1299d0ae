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

    [FieldOffset(0)] public uint Type;
    [FieldOffset(4)] public uint Size;
    [FieldOffset(8)] public ulong Config;
    [FieldOffset(16)] public ulong SamplePeriod;
    [FieldOffset(24)] public ulong SampleType;
    [FieldOffset(32)] public ulong ReadFormat;
    [FieldOffset(40)] public ulong Flags;
    [FieldOffset(48)] public uint WakeupEvents;
    [FieldOffset(52)] public uint BpType;
    [FieldOffset(56)] public ulong Config1;
    [FieldOffset(64)] public ulong Config2;
    [FieldOffset(72)] public ulong BranchSampleType;
    [FieldOffset(80)] public ulong SampleRegsUser;
    [FieldOffset(88)] public uint SampleStackUser;
    [FieldOffset(92)] public int ClockId;
    [FieldOffset(96)] public ulong SampleRegsIntr;
    [FieldOffset(104)] public uint AuxWatermark;
    [FieldOffset(108)] public ushort SampleMaxStack;
    [FieldOffset(112)] public uint AuxSampleSize;
    [FieldOffset(116)] public uint AuxAction;
    [FieldOffset(120)] public ulong SigData;
    [FieldOffset(128)] public ulong Config3;
}
