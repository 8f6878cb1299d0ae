namespace ManagedBpf.Asm;

/// <summary>Opcode bytes the loader needs to recognise or emit (include/uapi/linux/bpf_common.h, bpf.h).</summary>
public static class OpCode
{
    /// <summary>BPF_LD | BPF_IMM | BPF_DW: the two-slot 64-bit immediate load.</summary>
    public const byte LoadImm64 = 0x18;

    /// <summary>BPF_JMP | BPF_CALL.</summary>
    public const byte Call = 0x85;

    /// <summary>BPF_JMP | BPF_EXIT.</summary>
    public const byte Exit = 0x95;

    /// <summary>BPF_ALU64 | BPF_MOV | BPF_K: dst = imm.</summary>
    public const byte MovImm64 = 0xb7;

    /// <summary>BPF_ALU64 | BPF_MOV | BPF_X: dst = src.</summary>
    public const byte MovReg64 = 0xbf;

    /// <summary>BPF_ALU64 | BPF_ADD | BPF_K: dst += imm.</summary>
    public const byte AddImm64 = 0x07;

    /// <summary>BPF_JMP | BPF_JA: unconditional jump by off.</summary>
    public const byte Jump = 0x05;

    /// <summary>Size field values (BPF_SIZE): W = 4, H = 2, B = 1, DW = 8 bytes.</summary>
    public const byte SizeMask = 0x18, SizeWord = 0x00, SizeHalf = 0x08, SizeByte = 0x10, SizeDouble = 0x18;

    /// <summary>Mode field values (BPF_MODE) for loads and stores.</summary>
    public const byte ModeMask = 0xe0, ModeImm = 0x00, ModeMem = 0x60, ModeMemSx = 0x80, ModeAtomic = 0xc0;

    /// <summary>ALU/JMP source bit BPF_X: the source is a register (BPF_K, 0, an immediate).</summary>
    public const byte SourceRegister = 0x08;

    /// <summary>ALU/JMP operation field (BPF_OP).</summary>
    public const byte OperationMask = 0xf0;

    /// <summary>Bytes moved by a load/store of this opcode's size field.</summary>
    public static int AccessSize(byte opCode) => (opCode & SizeMask) switch
    {
        SizeWord => 4,
        SizeHalf => 2,
        SizeByte => 1,
        _ => 8,
    };
}
