using ManagedBpf.Asm;

namespace ManagedBpf.CoRe;

/// <summary>libbpf bpf_core_patch_insn and bpf_core_poison_insn.</summary>
internal static class CorePatcher
{
    private const byte ClassLd = 0x00, ClassLdx = 0x01, ClassSt = 0x02, ClassStx = 0x03, ClassAlu = 0x04, ClassAlu64 = 0x07;

    public static void Patch(CoreDecision decision, Span<Instruction> instructions, int index)
    {
        ref readonly var result = ref decision.Calculation;
        if ((uint)index >= (uint)instructions.Length)
            throw Fail(decision, index, $"instruction index out of range (program has {instructions.Length})");
        ref var insn = ref instructions[index];
        if (result.Poison)
        {
            Poison(instructions, index);
            return;
        }

        var original = result.OriginalValue;
        var updated = result.NewValue;
        switch (insn.OpCode & 0x07)
        {
            case ClassAlu or ClassAlu64:
                if ((insn.OpCode & OpCode.SourceRegister) != 0)
                    throw Fail(decision, index, "ALU instruction with a register source");
                // libbpf compares the s32 imm against the u64 value, so imm sign-extends.
                if (result.Validate && (ulong)(long)insn.Immediate != original)
                    throw Fail(decision, index, $"unexpected ALU/ALU64 value: got {insn.Immediate}, exp {original} -> {updated}");
                insn.Immediate = (int)updated;
                break;

            case ClassLdx or ClassSt or ClassStx:
                if (result.Validate && (ulong)(long)insn.Offset != original)
                    throw Fail(decision, index, $"unexpected LDX/ST/STX value: got {insn.Offset}, exp {original} -> {updated}");
                if (updated > (ulong)short.MaxValue)
                    throw Fail(decision, index, $"LDX/ST/STX offset too big: {updated}");
                if (result.FailMemorySizeAdjust)
                {
                    // Reading e.g. a signed int of a different width would corrupt the value; poison instead.
                    Poison(instructions, index);
                    return;
                }

                insn.Offset = (short)updated;
                if (result.NewSize != result.OriginalSize)
                {
                    var current = OpCode.AccessSize(insn.OpCode);
                    if (current != result.OriginalSize)
                        throw Fail(decision, index, $"LDX/ST/STX unexpected mem size: got {current}, exp {result.OriginalSize}");
                    var sizeBits = result.NewSize switch
                    {
                        8 => OpCode.SizeDouble,
                        4 => OpCode.SizeWord,
                        2 => OpCode.SizeHalf,
                        1 => OpCode.SizeByte,
                        _ => throw Fail(decision, index, $"LDX/ST/STX invalid new mem size: {result.NewSize}"),
                    };
                    insn.OpCode = (byte)((insn.OpCode & OpCode.ModeMask) | sizeBits | (insn.OpCode & 0x07));
                }

                break;

            case ClassLd:
                if (!insn.IsLoadImm64 || index + 1 >= instructions.Length || insn.Source != 0 || insn.Offset != 0)
                    throw Fail(decision, index, "LDIMM64 has unexpected form");
                ref var high = ref instructions[index + 1];
                if (high.OpCode != 0 || high.Registers != 0 || high.Offset != 0)
                    throw Fail(decision, index, "LDIMM64 has unexpected form");
                var imm = (uint)insn.Immediate | ((ulong)(uint)high.Immediate << 32);
                if (result.Validate && imm != original)
                    throw Fail(decision, index, $"unexpected LDIMM64 value: got {imm}, exp {original} -> {updated}");
                insn.Immediate = (int)updated;
                high.Immediate = (int)(updated >> 32);
                break;

            default:
                throw Fail(decision, index, $"trying to relocate unrecognized insn, code:0x{insn.OpCode:x2}");
        }
    }

    /// <summary>
    /// Replaces the instruction with <c>call 0xbad2310</c>; an ld_imm64's second slot is poisoned too, so the
    /// verifier does not first complain about "unknown opcode 00".
    /// </summary>
    private static void Poison(Span<Instruction> instructions, int index)
    {
        if (instructions[index].IsLoadImm64 && index + 1 < instructions.Length)
            instructions[index + 1] = PoisonCall;
        instructions[index] = PoisonCall;
    }

    private static Instruction PoisonCall => new() { OpCode = OpCode.Call, Registers = 0, Offset = 0, Immediate = CoreRelocationResult.PoisonHelperId };

    private static CoreRelocationException Fail(CoreDecision decision, int index, string why) =>
        new($"CO-RE relocation {decision.LocalAccessPath} <{CoreKinds.Name(decision.Local.Kind)}>: insn #{index}: {why}");
}
