using ManagedBpf.Asm;
using ManagedBpf.Btf;

namespace ManagedBpf.Programs;

/// <summary>Everything BPF_PROG_LOAD needs for one program, with fds already resolved into the instructions.</summary>
public sealed class ProgramLoadOptions
{
    /// <summary>The program's name (the kernel keeps 15 characters of [A-Za-z0-9_.]; others become '_').</summary>
    public string Name { get; set; } = "";

    /// <summary>prog_type.</summary>
    public ProgramType Type { get; set; }

    /// <summary>expected_attach_type (needed by some types, e.g. tracing/fentry, cgroup).</summary>
    public AttachType ExpectedAttachType { get; set; }

    /// <summary>License string; GPL-only helpers need a GPL-compatible one.</summary>
    public string License { get; set; } = "GPL";

    /// <summary>The instructions, with map fds patched into ld_imm64 pairs.</summary>
    public Instruction[] Instructions { get; set; } = [];

    /// <summary>kern_version; only checked for kprobes on kernels before 5.0.</summary>
    public uint KernelVersion { get; set; }

    /// <summary>prog_flags (BPF_F_SLEEPABLE ...).</summary>
    public uint Flags { get; set; }

    /// <summary>The object's BTF, required with <see cref="FuncInfo"/>/<see cref="LineInfo"/>.</summary>
    public BtfHandle? Btf { get; set; }

    /// <summary>bpf_func_info records (insn_off in instructions, type_id).</summary>
    public byte[]? FuncInfo { get; set; }

    /// <summary>Size of one func_info record (8 on every kernel so far).</summary>
    public uint FuncInfoRecordSize { get; set; } = 8;

    /// <summary>bpf_line_info records.</summary>
    public byte[]? LineInfo { get; set; }

    /// <summary>Size of one line_info record (16 on every kernel so far).</summary>
    public uint LineInfoRecordSize { get; set; } = 16;

    /// <summary>attach_btf_id for BTF-typed attach points (fentry, lsm, tp_btf); 0 otherwise.</summary>
    public uint AttachBtfId { get; set; }

    /// <summary>
    /// Verifier log level: 0 = a log only if the load fails (then level 1), 1 = basic, 2 = verbose, 4 = stats.
    /// With a non-zero level the log is kept in <see cref="BpfProgram.VerifierLog"/> on success.
    /// </summary>
    public uint LogLevel { get; set; }

    /// <summary>Initial log buffer size when a log is requested; it grows on ENOSPC regardless.</summary>
    public uint LogSize { get; set; } = 64 * 1024;
}
