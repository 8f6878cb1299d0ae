using System.Text;

namespace ManagedBpf.Asm;

/// <summary>Renders instructions in the kernel verifier's notation (kernel/bpf/disasm.c), for logs and dumps.</summary>
public static class Disassembler
{
    private static readonly string[] AluOperations =
        ["+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian", "?", "?"];

    private static readonly string[] JumpOperations =
        ["goto", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=", "?", "?"];

    /// <summary>One instruction; an ld_imm64 shows only its low half (use <see cref="Format(ReadOnlySpan{Instruction})"/> for the pair).</summary>
    public static string Format(Instruction insn)
    {
        var dst = $"r{(int)insn.Destination}";
        var src = $"r{(int)insn.Source}";
        var operand = (insn.OpCode & OpCode.SourceRegister) != 0 ? src : insn.Immediate.ToString();
        var operation = (insn.OpCode & OpCode.OperationMask) >> 4;
        switch (insn.Class)
        {
            case InstructionClass.Alu64:
            case InstructionClass.Alu:
                var width = insn.Class == InstructionClass.Alu ? "w" : "r";
                dst = width + (int)insn.Destination;
                return operation == 8 ? $"{dst} = -{dst}" : $"{dst} {AluOperations[operation]} {(operand == src ? width + (int)insn.Source : operand)}";
            case InstructionClass.Jump:
            case InstructionClass.Jump32:
                if (insn.IsCall)
                    return insn.IsFunctionCall ? $"call pc{insn.Immediate:+0;-0}" : $"call {insn.Immediate}";
                if (insn.OpCode == OpCode.Exit)
                    return "exit";
                if (operation == 0)
                    return $"goto pc{insn.Offset:+0;-0}";
                return $"if {dst} {JumpOperations[operation]} {operand} goto pc{insn.Offset:+0;-0}";
            case InstructionClass.LoadX:
                return $"{dst} = *(u{OpCode.AccessSize(insn.OpCode) * 8} *)({src} {insn.Offset:+0;-0})";
            case InstructionClass.StoreX:
                return $"*(u{OpCode.AccessSize(insn.OpCode) * 8} *)({dst} {insn.Offset:+0;-0}) = {src}";
            case InstructionClass.Store:
                return $"*(u{OpCode.AccessSize(insn.OpCode) * 8} *)({dst} {insn.Offset:+0;-0}) = {insn.Immediate}";
            case InstructionClass.Load when insn.IsLoadImm64:
                return $"{dst} = {insn.Immediate} ll" + ((PseudoSource)insn.Source switch
                {
                    PseudoSource.MapFd => " map_fd",
                    PseudoSource.MapValue => " map_value",
                    _ => "",
                });
            default:
                return $"op 0x{insn.OpCode:x2} {dst}, {src}, {insn.Offset}, {insn.Immediate}";
        }
    }

    /// <summary>A numbered listing, one line per instruction, ld_imm64 pairs joined.</summary>
    public static string Format(ReadOnlySpan<Instruction> instructions)
    {
        var text = new StringBuilder();
        for (var i = 0; i < instructions.Length; i++)
        {
            var insn = instructions[i];
            if (insn.IsLoadImm64 && i + 1 < instructions.Length && (PseudoSource)insn.Source == PseudoSource.None)
            {
                var value = (uint)insn.Immediate | ((long)instructions[i + 1].Immediate << 32);
                text.Append(i).Append(": r").Append((int)insn.Destination).Append(" = 0x").Append(value.ToString("x")).AppendLine(" ll");
                i++;
                continue;
            }
            text.Append(i).Append(": ").AppendLine(Format(insn));
            if (insn.IsLoadImm64)
                i++;
        }
        return text.ToString();
    }
}
