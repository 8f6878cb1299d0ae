using System.Runtime.InteropServices;
using FsCheck.Xunit;
using ManagedBpf.Asm;
using Xunit;

namespace ManagedBpf.Tests.Asm;

public class InstructionTests
{
    [Fact]
    public void LayoutMatchesStructBpfInsn()
    {
        Assert.Equal(8, Marshal.SizeOf<Instruction>());
        Assert.Equal(0, (int)Marshal.OffsetOf<Instruction>(nameof(Instruction.OpCode)));
        Assert.Equal(1, (int)Marshal.OffsetOf<Instruction>(nameof(Instruction.Registers)));
        Assert.Equal(2, (int)Marshal.OffsetOf<Instruction>(nameof(Instruction.Offset)));
        Assert.Equal(4, (int)Marshal.OffsetOf<Instruction>(nameof(Instruction.Immediate)));
    }

    [Fact]
    public void DecodesTheKernelEncodingOfAMapFdLoad()
    {
        // r1 = map fd 7: 0x18, dst 1 | src 1 << 4, off 0, imm 7; then the second half.
        byte[] bytes = [0x18, 0x11, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        var insns = Instruction.Cast(bytes);
        Assert.True(insns[0].IsLoadImm64);
        Assert.Equal(Register.R1, insns[0].Destination);
        Assert.Equal((Register)PseudoSource.MapFd, insns[0].Source);
        Assert.Equal(7, insns[0].Immediate);
        Assert.Equal(Emit.LoadMapFd(Register.R1, 7), (insns[0], insns[1]));
    }

    [Property]
    public bool BytesRoundTripThroughInstructions(byte[] raw)
    {
        var bytes = raw.AsSpan(0, raw.Length - raw.Length % 8).ToArray();
        var insns = Instruction.Cast(bytes).ToArray();
        return MemoryMarshal.AsBytes(insns.AsSpan()).SequenceEqual(bytes);
    }

    [Property]
    public bool RegisterFieldsRoundTrip(byte opCode, byte destination, byte source, short offset, int immediate)
    {
        var dst = (Register)(destination % 11);
        var src = (Register)(source % 11);
        var insn = new Instruction(opCode, dst, src, offset, immediate);
        var encoded = MemoryMarshal.AsBytes(new ReadOnlySpan<Instruction>(in insn));
        return insn.Destination == dst && insn.Source == src && encoded[1] == ((int)src << 4 | (int)dst)
               && Instruction.Cast(encoded)[0] == insn;
    }

    [Property]
    public bool LoadImm64CarriesAll64Bits(long value)
    {
        var (first, second) = Emit.LoadImm64(Register.R3, value);
        return ((uint)first.Immediate | ((long)second.Immediate << 32)) == value && first.IsLoadImm64;
    }

    [Fact]
    public void RejectsAStreamThatIsNotWholeInstructions()
    {
        var e = Assert.Throws<BpfFormatException>(() => Instruction.Cast(new byte[12]).Length);
        Assert.Contains("multiple of 8", e.Message);
    }

    [Fact]
    public void DisassemblesInVerifierNotation()
    {
        Instruction[] program = [Emit.Mov(Register.R0, 0), Emit.CallHelper(14), Emit.Add(Register.R10, -8), Emit.Exit()];
        var text = Disassembler.Format(program);
        Assert.Equal("0: r0 = 0\n1: call 14\n2: r10 += -8\n3: exit\n", text.ReplaceLineEndings("\n"));
    }
}
