using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_PROG_LOAD member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h), up to log_true_size (6.4+).
/// Later members (prog_token_fd, fd_array_cnt, signature ...) stay zero by being left out.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
internal unsafe struct ProgLoadAttr
{
    [FieldOffset(0)] public uint ProgType;
    [FieldOffset(4)] public uint InsnCnt;
    [FieldOffset(8)] public ulong Insns;
    [FieldOffset(16)] public ulong License;
    [FieldOffset(24)] public uint LogLevel;
    [FieldOffset(28)] public uint LogSize;
    [FieldOffset(32)] public ulong LogBuf;
    [FieldOffset(40)] public uint KernVersion;
    [FieldOffset(44)] public uint ProgFlags;
    [FieldOffset(48)] public fixed byte ProgName[ObjectName.Capacity];
    [FieldOffset(64)] public uint ProgIfIndex;
    [FieldOffset(68)] public uint ExpectedAttachType;
    [FieldOffset(72)] public uint ProgBtfFd;
    [FieldOffset(76)] public uint FuncInfoRecSize;
    [FieldOffset(80)] public ulong FuncInfo;
    [FieldOffset(88)] public uint FuncInfoCnt;
    [FieldOffset(92)] public uint LineInfoRecSize;
    [FieldOffset(96)] public ulong LineInfo;
    [FieldOffset(104)] public uint LineInfoCnt;
    [FieldOffset(108)] public uint AttachBtfId;
    [FieldOffset(112)] public uint AttachProgFd;
    [FieldOffset(116)] public uint CoreReloCnt;
    [FieldOffset(120)] public ulong FdArray;
    [FieldOffset(128)] public ulong CoreRelos;
    [FieldOffset(136)] public uint CoreReloRecSize;
    [FieldOffset(140)] public uint LogTrueSize;
}
