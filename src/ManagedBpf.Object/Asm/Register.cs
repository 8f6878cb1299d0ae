namespace ManagedBpf.Asm;

/// <summary>The eleven eBPF registers: R0 return value, R1-R5 arguments, R6-R9 callee-saved, R10 frame pointer.</summary>
public enum Register : byte
{
    /// <summary>R0: the return value of a program and of calls.</summary>
    R0,

    /// <summary>R1: the first argument; the context at a program's entry.</summary>
    R1,

    /// <summary>R2: the second argument.</summary>
    R2,

    /// <summary>R3: the third argument.</summary>
    R3,

    /// <summary>R4: the fourth argument.</summary>
    R4,

    /// <summary>R5: the fifth argument.</summary>
    R5,

    /// <summary>R6: callee-saved.</summary>
    R6,

    /// <summary>R7: callee-saved.</summary>
    R7,

    /// <summary>R8: callee-saved.</summary>
    R8,

    /// <summary>R9: callee-saved.</summary>
    R9,

    /// <summary>R10: the read-only frame pointer of the 512-byte stack.</summary>
    R10,
}

/// <summary>Instruction classes (BPF_CLASS).</summary>
public enum InstructionClass : byte
{
    /// <summary>BPF_LD: wide immediate loads (ld_imm64) and legacy packet access.</summary>
    Load = 0x00,

    /// <summary>BPF_LDX: a load from memory into a register.</summary>
    LoadX = 0x01,

    /// <summary>BPF_ST: a store of an immediate to memory.</summary>
    Store = 0x02,

    /// <summary>BPF_STX: a store of a register to memory, and atomic operations.</summary>
    StoreX = 0x03,

    /// <summary>BPF_ALU: 32-bit arithmetic.</summary>
    Alu = 0x04,

    /// <summary>BPF_JMP: 64-bit comparisons and jumps, calls and exit.</summary>
    Jump = 0x05,

    /// <summary>BPF_JMP32: 32-bit comparisons and jumps (5.1).</summary>
    Jump32 = 0x06,

    /// <summary>BPF_ALU64: 64-bit arithmetic.</summary>
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
