using System.Runtime.InteropServices;

namespace ManagedBpf.Asm;

/// <summary>
/// One eBPF instruction slot, laid out exactly as <c>struct bpf_insn</c> (include/uapi/linux/bpf.h):
/// opcode, dst_reg:4 | src_reg:4, off (s16), imm (s32). A 64-bit immediate load
/// (<see cref="OpCode.LoadImm64"/>) occupies two consecutive slots.
/// </summary>
[StructLayout(LayoutKind.Sequential, Size = Size)]
public struct Instruction : IEquatable<Instruction>
{
    /// <summary>Bytes per instruction slot.</summary>
    public const int Size = 8;

    /// <summary>The opcode byte: class, size/source and operation bits.</summary>
    public byte OpCode;

    /// <summary>dst_reg in the low nibble, src_reg in the high nibble (little-endian bitfield order).</summary>
    public byte Registers;

    /// <summary>Signed 16-bit offset: jump displacement or memory offset.</summary>
    public short Offset;

    /// <summary>Signed 32-bit immediate.</summary>
    public int Immediate;

    /// <summary>One instruction from its fields as struct bpf_insn holds them.</summary>
    /// <param name="opCode">The 8-bit opcode (class, size or operation, source).</param>
    /// <param name="destination">dst_reg, the low nibble of the register byte.</param>
    /// <param name="source">src_reg, the high nibble (or a <see cref="PseudoSource"/> value).</param>
    /// <param name="offset">The signed 16-bit offset.</param>
    /// <param name="immediate">The signed 32-bit immediate.</param>
    public Instruction(byte opCode, Register destination, Register source, short offset, int immediate)
    {
        OpCode = opCode;
        Registers = (byte)(((int)source << 4) | ((int)destination & 0x0f));
        Offset = offset;
        Immediate = immediate;
    }

    /// <summary>dst_reg.</summary>
    public Register Destination
    {
        readonly get => (Register)(Registers & 0x0f);
        set => Registers = (byte)((Registers & 0xf0) | ((int)value & 0x0f));
    }

    /// <summary>src_reg; for ld_imm64 and call it selects a pseudo source (<see cref="PseudoSource"/>).</summary>
    public Register Source
    {
        readonly get => (Register)(Registers >> 4);
        set => Registers = (byte)((Registers & 0x0f) | ((int)value << 4));
    }

    /// <summary>The instruction class (low three bits of the opcode).</summary>
    public readonly InstructionClass Class => (InstructionClass)(OpCode & 0x07);

    /// <summary>True for the first slot of a 64-bit immediate load (BPF_LD | BPF_IMM | BPF_DW).</summary>
    public readonly bool IsLoadImm64 => OpCode == Asm.OpCode.LoadImm64;

    /// <summary>True for BPF_JMP | BPF_CALL: a helper, kfunc or bpf-to-bpf call.</summary>
    public readonly bool IsCall => OpCode == Asm.OpCode.Call;

    /// <summary>True for a bpf-to-bpf call (src_reg = BPF_PSEUDO_CALL): imm is a relative slot offset.</summary>
    public readonly bool IsFunctionCall => IsCall && Source == (Register)PseudoSource.Call;

    /// <summary>Reads instructions from raw little-endian bytes without copying.</summary>
    public static ReadOnlySpan<Instruction> Cast(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length % Size != 0)
            throw new BpfFormatException($"instruction stream of {bytes.Length} bytes is not a multiple of {Size}", null, bytes.Length);
        return MemoryMarshal.Cast<byte, Instruction>(bytes);
    }

    /// <inheritdoc/>
    public readonly bool Equals(Instruction other) =>
        OpCode == other.OpCode && Registers == other.Registers && Offset == other.Offset && Immediate == other.Immediate;

    /// <inheritdoc/>
    public override readonly bool Equals(object? obj) => obj is Instruction other && Equals(other);

    /// <inheritdoc/>
    public override readonly int GetHashCode() => HashCode.Combine(OpCode, Registers, Offset, Immediate);

    /// <summary>Whether both instructions have the same bytes.</summary>
    public static bool operator ==(Instruction left, Instruction right) => left.Equals(right);

    /// <summary>Whether the instructions differ in any byte.</summary>
    public static bool operator !=(Instruction left, Instruction right) => !left.Equals(right);

    /// <inheritdoc/>
    public override readonly string ToString() => Disassembler.Format(this);
}
