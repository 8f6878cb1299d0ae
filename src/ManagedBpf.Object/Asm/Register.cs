namespace ManagedBpf.Asm;

/// <summary>The eleven eBPF registers: R0 return value, R1-R5 arguments, R6-R9 callee-saved, R10 frame pointer.</summary>
public enum Register : byte
{
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10,
}

/// <summary>Instruction classes (BPF_CLASS).</summary>
public enum InstructionClass : byte
{
    Load = 0x00,
    LoadX = 0x01,
    Store = 0x02,
    StoreX = 0x03,
    Alu = 0x04,
    Jump = 0x05,
    Jump32 = 0x06,
    Alu64 = 0x07,
}

/// <summary>
/// Values of src_reg that turn ld_imm64 and call into loader-resolved references (BPF_PSEUDO_* in uapi/linux/bpf.h).
/// </summary>
public enum PseudoSource : byte
{
    /// <summary>Plain immediate.</summary>
    None = 0,

    /// <summary>ld_imm64: imm is a map fd (BPF_PSEUDO_MAP_FD). call: a bpf-to-bpf call (BPF_PSEUDO_CALL).</summary>
    MapFd = 1,

    /// <summary>ld_imm64: imm is a map fd, the second slot's imm an offset into its value (BPF_PSEUDO_MAP_VALUE).</summary>
    MapValue = 2,

    /// <summary>ld_imm64: imm is the id of a kernel VAR or FUNC in the kernel's BTF, the second slot's imm the fd of
    /// the module BTF defining it or 0 for vmlinux (BPF_PSEUDO_BTF_ID).</summary>
    BtfId = 3,

    /// <summary>ld_imm64: imm is a subprogram's instruction offset, relative as for calls (BPF_PSEUDO_FUNC).</summary>
    Function = 4,

    /// <summary>call: same value as <see cref="MapFd"/>, named for readability.</summary>
    Call = 1,

    /// <summary>call: a kernel function (BPF_PSEUDO_KFUNC_CALL).</summary>
    KernelFunctionCall = 2,
}
