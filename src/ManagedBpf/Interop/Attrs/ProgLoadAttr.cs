using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF_PROG_LOAD member of <c>union bpf_attr</c> (include/uapi/linux/bpf.h), up to log_true_size (6.4+).
/// Later members (prog_token_fd, fd_array_cnt, signature ...) stay zero by being left out.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 144)]
internal unsafe struct ProgLoadAttr
{
    [FieldOffset(0), KernelField("prog_type")] public uint ProgType;
    [FieldOffset(4), KernelField("insn_cnt")] public uint InsnCnt;
    [FieldOffset(8), KernelField("insns")] public ulong Insns;
    [FieldOffset(16), KernelField("license")] public ulong License;
    [FieldOffset(24), KernelField("log_level")] public uint LogLevel;
    [FieldOffset(28), KernelField("log_size")] public uint LogSize;
    [FieldOffset(32), KernelField("log_buf")] public ulong LogBuf;
    [FieldOffset(40), KernelField("kern_version")] public uint KernVersion;
    [FieldOffset(44), KernelField("prog_flags")] public uint ProgFlags;
    [FieldOffset(48), KernelField("prog_name")] public fixed byte ProgName[ObjectName.Capacity];
    [FieldOffset(64), KernelField("prog_ifindex")] public uint ProgIfIndex;
    [FieldOffset(68), KernelField("expected_attach_type")] public uint ExpectedAttachType;
    [FieldOffset(72), KernelField("prog_btf_fd")] public uint ProgBtfFd;
    [FieldOffset(76), KernelField("func_info_rec_size")] public uint FuncInfoRecSize;
    [FieldOffset(80), KernelField("func_info")] public ulong FuncInfo;
    [FieldOffset(88), KernelField("func_info_cnt")] public uint FuncInfoCnt;
    [FieldOffset(92), KernelField("line_info_rec_size")] public uint LineInfoRecSize;
    [FieldOffset(96), KernelField("line_info")] public ulong LineInfo;
    [FieldOffset(104), KernelField("line_info_cnt")] public uint LineInfoCnt;
    [FieldOffset(108), KernelField("attach_btf_id")] public uint AttachBtfId;
    [FieldOffset(112), KernelField("attach_prog_fd")] public uint AttachProgFd;
    [FieldOffset(116), KernelField("core_relo_cnt")] public uint CoreReloCnt;
    [FieldOffset(120), KernelField("fd_array")] public ulong FdArray;
    [FieldOffset(128), KernelField("core_relos")] public ulong CoreRelos;
    [FieldOffset(136), KernelField("core_relo_rec_size")] public uint CoreReloRecSize;
    [FieldOffset(140), KernelField("log_true_size")] public uint LogTrueSize;
}
