using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.Elf;
using ManagedBpf.Programs;

namespace ManagedBpf;

/// <summary>
/// Splits one executable section into its functions (one per FUNC symbol) and attaches to each the relocations and
/// .BTF.ext records that fall inside it, rebased to the function's first instruction slot.
/// </summary>
internal sealed class FunctionReader
{
    public delegate (ReferenceKind Kind, string Target)? SymbolClassifier(ElfSymbol symbol, Instruction instruction);

    private readonly ElfObject _elf;
    private readonly ElfSection _section;
    private readonly BtfExt? _btfExt;
    private readonly SymbolClassifier _classify;

    public FunctionReader(ElfObject elf, ElfSection section, BtfExt? btfExt, SymbolClassifier classify)
    {
        _elf = elf;
        _section = section;
        _btfExt = btfExt;
        _classify = classify;
    }

    public IEnumerable<BpfFunction> Read()
    {
        var code = Instruction.Cast(_section.Contents.Span);
        var symbols = _elf.Symbols
            .Where(s => s.SectionIndex == _section.Index && s.Type == ElfSymbolType.Function)
            .OrderBy(s => s.Value)
            .ToList();
        if (symbols.Count == 0)
            throw new BpfFormatException("executable section has no function symbols", _section.Name, 0);
        var references = ReadReferences(code);
        var functions = new List<BpfFunction>(symbols.Count);
        foreach (var symbol in symbols)
        {
            if (symbol.Value % Instruction.Size != 0 || symbol.Size % Instruction.Size != 0 || symbol.Size == 0
                || symbol.Value > (ulong)_section.Contents.Length || symbol.Size > (ulong)_section.Contents.Length - symbol.Value)
                throw new BpfFormatException($"function '{symbol.Name}' [{symbol.Value}, +{symbol.Size}) is not a whole run of instructions in the section", _section.Name, (long)Math.Min(symbol.Value, long.MaxValue));
            // libbpf: a function of a program section is a program, and programs must be global.
            if (symbol.Binding == ElfSymbolBinding.Local && _section.Name != SectionNames.Text)
                throw new BpfFormatException($"program '{symbol.Name}' is static; programs must be global functions (static ones belong in .text)", _section.Name, (long)Math.Min(symbol.Value, long.MaxValue));
            var start = (int)(symbol.Value / Instruction.Size);
            var length = (int)(symbol.Size / Instruction.Size);
            // The section's code bounded each relocated ld_imm64 (ReadReferences); a function symbol can still cut one
            // in two, and the linker writes both of its slots.
            var last = start + length - 1;
            if (code[last].IsLoadImm64 && references.Any(r => r.Index == last))
                throw new BpfFormatException($"function '{symbol.Name}' ends inside the ld_imm64 at insn {last}", _section.Name, last * 8L);
            functions.Add(new BpfFunction
            {
                Name = symbol.Name,
                SectionName = _section.Name,
                SectionStart = start,
                Instructions = code.Slice(start, length).ToArray(),
                References = Within(references, start, length, r => r.Index, (r, index) => r with { Index = index }),
                FunctionInfos = Within(Records(_btfExt?.FunctionInfos), start, length, r => Slot(r.InstructionOffset), (r, index) => r with { InstructionOffset = (uint)index }),
                LineInfos = Within(Records(_btfExt?.LineInfos), start, length, r => Slot(r.InstructionOffset), (r, index) => r with { InstructionOffset = (uint)index }),
                CoreRelocations = Within(Records(_btfExt?.CoreRelocations), start, length, r => Slot(r.InstructionOffset), (r, index) => r with { InstructionOffset = (uint)index }),
            });
        }
        return functions;
    }

    /// <summary>The relocation table that patches this section (sh_info names the target), resolved to references.</summary>
    private List<InstructionReference> ReadReferences(ReadOnlySpan<Instruction> code)
    {
        var references = new List<InstructionReference>();
        foreach (var (relocation, symbol, table, at) in _elf.RelocationsOf(_section))
        {
            if (relocation.Offset % Instruction.Size != 0 || relocation.Offset >= (ulong)code.Length * Instruction.Size)
                throw new BpfFormatException($"relocation at {relocation.Offset} does not point at an instruction", table, at);
            var slot = (int)(relocation.Offset / Instruction.Size);
            var instruction = code[slot];
            var meaning = _classify(symbol, instruction)
                ?? throw new BpfFormatException($"relocation at insn {slot} refers to {Describe(symbol)}, which is no map, global data, function or extern the loader knows", table, at);
            references.Add(Resolve(slot, instruction, symbol, meaning.Kind, meaning.Target, code.Length, table));
        }
        AddUnrelocatedCalls(code, references);
        return references;
    }

    /// <summary>A symbol by name, or by its section's for a section symbol (they have none).</summary>
    private string Describe(ElfSymbol symbol) =>
        symbol.Name.Length > 0 ? $"'{symbol.Name}'"
        : symbol.SectionIndex < _elf.Sections.Count ? $"section '{_elf.Sections[symbol.SectionIndex].Name}'"
        : $"section {symbol.SectionIndex}";

    private static InstructionReference Resolve(int slot, Instruction instruction, ElfSymbol symbol, ReferenceKind kind, string target, int codeLength, string table)
    {
        switch (kind)
        {
            case ReferenceKind.Map or ReferenceKind.GlobalData or ReferenceKind.FunctionAddress when !instruction.IsLoadImm64 || slot + 1 >= codeLength:
                throw new BpfFormatException($"relocation to '{symbol.Name}' at insn {slot} is not on a complete ld_imm64", table, slot * 8L);
            case ReferenceKind.Extern when !instruction.IsCall && !(instruction.IsLoadImm64 && slot + 1 < codeLength):
                throw new BpfFormatException($"relocation to extern '{symbol.Name}' at insn {slot} is on neither a call nor a complete ld_imm64", table, slot * 8L);
            case ReferenceKind.Call when !instruction.IsFunctionCall:
                throw new BpfFormatException($"relocation to '{symbol.Name}' at insn {slot} is not on a bpf-to-bpf call", table, slot * 8L);
            case ReferenceKind.Call:
                // libbpf: the callee's slot is st_value / 8 + imm + 1 (imm is relative to the next slot).
                return new(slot, kind, target, (long)(symbol.Value / Instruction.Size) + instruction.Immediate + 1);
            case ReferenceKind.FunctionAddress:
                // ld_imm64 of a function: imm holds a byte offset from the symbol.
                return new(slot, kind, target, ((long)symbol.Value + instruction.Immediate) / Instruction.Size);
            default:
                return new(slot, kind, target, (long)symbol.Value);
        }
    }

    /// <summary>A call to a function of the same section may carry no relocation: its imm is already relative.</summary>
    private void AddUnrelocatedCalls(ReadOnlySpan<Instruction> code, List<InstructionReference> references)
    {
        for (var slot = 0; slot < code.Length; slot++)
        {
            if (code[slot].IsFunctionCall && !references.Any(r => r.Index == slot))
                references.Add(new(slot, ReferenceKind.Call, _section.Name, slot + code[slot].Immediate + 1L));
        }
        references.Sort((a, b) => a.Index.CompareTo(b.Index));
    }

    private IReadOnlyList<T> Records<T>(IReadOnlyDictionary<string, IReadOnlyList<T>>? bySection) =>
        bySection is not null && bySection.TryGetValue(_section.Name, out var records) ? records : [];

    private int Slot(uint byteOffset) =>
        byteOffset % Instruction.Size == 0
            ? (int)(byteOffset / Instruction.Size)
            : throw new BpfFormatException($"record for {_section.Name} at byte {byteOffset} is not instruction-aligned", SectionNames.BtfExt, byteOffset);

    private static IReadOnlyList<T> Within<T>(IEnumerable<T> records, int start, int length, Func<T, int> slot, Func<T, int, T> rebase) =>
        records.Where(r => slot(r) >= start && slot(r) < start + length).Select(r => rebase(r, slot(r) - start)).ToArray();
}
