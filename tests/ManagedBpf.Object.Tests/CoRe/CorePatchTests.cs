using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using Xunit;

namespace ManagedBpf.Tests.CoRe;

/// <summary>Instruction patching and poisoning (libbpf bpf_core_patch_insn).</summary>
public class CorePatchTests
{
    private const byte LdxW = 0x61, LdxDw = 0x79, StxW = 0x63, AddImm64 = 0x07, AddReg64 = 0x0f, MovImm32 = 0xb4;

    private readonly CoreFixture _f = new();

    private CoreRelocationResult Resolve(int type, string access, CoreRelocationKind kind)
    {
        var record = _f.Record(type, access, kind);
        return _f.Relocator().Resolve(record);
    }

    [Fact]
    public void PatchesAluImmediate()
    {
        Instruction[] program = [new(AddImm64, Register.R1, Register.R0, 0, 0)];
        Patch(Resolve(_f.S, "0:1:1", CoreRelocationKind.FieldByteOffset), program, 0, setTo: 8);
        Assert.Equal(32, program[0].Immediate);
    }

    [Fact]
    public void PatchesLoadOffsetAndKeepsSize()
    {
        Instruction[] program = [new(LdxW, Register.R1, Register.R2, 0, 0)];
        Patch(Resolve(_f.S, "0:0", CoreRelocationKind.FieldByteOffset), program, 0, setTo: 0);
        Assert.Equal((LdxW, (short)16), (program[0].OpCode, program[0].Offset));
    }

    [Fact]
    public void WidensLoadOfUnsignedField()
    {
        Instruction[] program = [new(LdxW, Register.R1, Register.R2, 56, 0)];
        Resolve(_f.S, "0:8", CoreRelocationKind.FieldByteOffset).Apply(program, 0);
        Assert.Equal((LdxDw, (short)96), (program[0].OpCode, program[0].Offset));
        Assert.Equal(Register.R1, program[0].Destination);
        Assert.Equal(Register.R2, program[0].Source);
    }

    [Fact]
    public void PoisonsLoadOfSignedFieldThatChangedSize()
    {
        Instruction[] program = [new(LdxW, Register.R1, Register.R2, 60, 0)];
        Resolve(_f.S, "0:9", CoreRelocationKind.FieldByteOffset).Apply(program, 0);
        AssertPoisoned(program[0]);

        // The same relocation on an ALU instruction (taking the address) is fine.
        Instruction[] alu = [new(AddImm64, Register.R1, Register.R0, 0, 60)];
        Resolve(_f.S, "0:9", CoreRelocationKind.FieldByteOffset).Apply(alu, 0);
        Assert.Equal(104, alu[0].Immediate);
    }

    [Fact]
    public void PoisonsUnresolvedRelocation()
    {
        Instruction[] program = [new(StxW, Register.R1, Register.R2, 44, 0), new(OpCode.Exit, 0, 0, 0, 0)];
        var result = Resolve(_f.S, "0:6", CoreRelocationKind.FieldByteOffset);
        result.Apply(program, 0);
        AssertPoisoned(program[0]);
        Assert.Equal(OpCode.Exit, program[1].OpCode);
    }

    [Fact]
    public void PatchesLoadImm64()
    {
        Instruction[] program = [new(OpCode.LoadImm64, Register.R1, 0, 0, 5), new(0, 0, 0, 0, 1)];
        Resolve(_f.Big, "0", CoreRelocationKind.EnumValue).Apply(program, 0);
        Assert.Equal((7, 2), (program[0].Immediate, program[1].Immediate));
    }

    [Fact]
    public void PoisonsBothSlotsOfLoadImm64()
    {
        Instruction[] program = [new(OpCode.LoadImm64, Register.R1, 0, 0, 3), new(0, 0, 0, 0, 0)];
        Resolve(_f.Enum, "2", CoreRelocationKind.EnumValue).Apply(program, 0);
        AssertPoisoned(program[0]);
        AssertPoisoned(program[1]);
    }

    [Fact]
    public void PatchesExistenceIntoMovImmediate()
    {
        Instruction[] program = [new(MovImm32, Register.R0, 0, 0, 1)];
        Resolve(_f.S, "0:6", CoreRelocationKind.FieldExists).Apply(program, 0);
        Assert.Equal(0, program[0].Immediate);
    }

    [Fact]
    public void RejectsUnexpectedOriginalValue()
    {
        Instruction[] program = [new(AddImm64, Register.R1, Register.R0, 0, 12345)];
        var e = Assert.Throws<CoreRelocationException>(() => Resolve(_f.S, "0:0", CoreRelocationKind.FieldByteOffset).Apply(program, 0));
        Assert.Contains("unexpected ALU/ALU64 value", e.Message);
    }

    [Fact]
    public void DoesNotValidateTargetTypeIds()
    {
        Instruction[] program = [new(OpCode.LoadImm64, Register.R1, 0, 0, 999), new(0, 0, 0, 0, 0)];
        Resolve(_f.S, "0", CoreRelocationKind.TypeIdTarget).Apply(program, 0);
        Assert.Equal(_f.TargetS, program[0].Immediate);
    }

    [Fact]
    public void RejectsUnpatchableForms()
    {
        var result = Resolve(_f.S, "0:0", CoreRelocationKind.FieldByteOffset);
        Instruction[] register = [new(AddReg64, Register.R1, Register.R2, 0, 0)];
        Assert.Throws<CoreRelocationException>(() => result.Apply(register, 0));
        Instruction[] jump = [new(OpCode.Jump, 0, 0, 0, 0)];
        Assert.Throws<CoreRelocationException>(() => result.Apply(jump, 0));
        Instruction[] truncated = [new(OpCode.LoadImm64, Register.R1, 0, 0, 0)];
        Assert.Throws<CoreRelocationException>(() => Resolve(_f.Big, "0", CoreRelocationKind.EnumValue).Apply(truncated, 0));
        Assert.Throws<CoreRelocationException>(() => result.Apply(register, 5));
    }

    private static void AssertPoisoned(Instruction insn)
    {
        Assert.Equal(OpCode.Call, insn.OpCode);
        Assert.Equal(0, insn.Registers);
        Assert.Equal(0, insn.Offset);
        Assert.Equal(0xbad2310, insn.Immediate);
    }

    private static void Patch(CoreRelocationResult result, Instruction[] program, int index, int setTo)
    {
        // Put the compiler's value in first, as clang would have.
        if (program[index].Class is InstructionClass.LoadX or InstructionClass.Store or InstructionClass.StoreX)
            program[index].Offset = (short)result.OriginalValue;
        else
            program[index].Immediate = (int)result.OriginalValue;
        Assert.Equal((ulong)setTo, result.OriginalValue);
        result.Apply(program, index);
    }
}
