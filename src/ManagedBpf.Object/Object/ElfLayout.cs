using ManagedBpf.Elf;

namespace ManagedBpf;

/// <summary>
/// Where things are in the ELF file: section sizes by name and data-symbol offsets by (section, name). The
/// compiler leaves DATASEC sizes and VAR offsets in .BTF as zero; the loader fills them from here
/// (libbpf btf_fixup_datasec) before the kernel sees the BTF.
/// </summary>
internal sealed class ElfLayout
{
    private readonly Dictionary<string, ulong> _sectionSizes;
    private readonly Dictionary<(string Section, string Symbol), ulong> _symbolOffsets;
    private readonly HashSet<(string Section, string Symbol)> _hiddenSymbols;

    private ElfLayout(IReadOnlyList<ObjectSection> sections, Dictionary<string, ulong> sectionSizes, Dictionary<(string, string), ulong> symbolOffsets,
        HashSet<(string, string)> hiddenSymbols, HashSet<string> hiddenSubprograms)
    {
        Sections = sections;
        _sectionSizes = sectionSizes;
        _symbolOffsets = symbolOffsets;
        _hiddenSymbols = hiddenSymbols;
        HiddenSubprograms = hiddenSubprograms;
    }

    public static ElfLayout Of(ElfObject elf)
    {
        var sizes = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var section in elf.Sections)
            sizes.TryAdd(section.Name, section.Size);
        var offsets = new Dictionary<(string, string), ulong>();
        var hidden = new HashSet<(string, string)>();
        var hiddenSubprograms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var symbol in elf.Symbols)
        {
            if (symbol.Type == ElfSymbolType.Function && symbol.Binding != ElfSymbolBinding.Local && symbol.IsHidden
                && symbol.SectionIndex > 0 && symbol.SectionIndex < elf.Sections.Count && elf.Sections[symbol.SectionIndex].Name == SectionNames.Text)
                hiddenSubprograms.Add(symbol.Name);
            if (symbol.Type != ElfSymbolType.Object || symbol.SectionIndex <= 0 || symbol.SectionIndex >= elf.Sections.Count)
                continue;
            var key = (elf.Sections[symbol.SectionIndex].Name, symbol.Name);
            offsets.TryAdd(key, symbol.Value);
            if (symbol.IsHidden)
                hidden.Add(key);
        }
        var sections = elf.Sections.Skip(1).Select(s => new ObjectSection(s.Index, s.Name, Enum.IsDefined(s.Type) ? s.Type.ToString() : $"0x{(uint)s.Type:x}", s.Size, s.IsExecutable)).ToArray();
        return new ElfLayout(sections, sizes, offsets, hidden, hiddenSubprograms);
    }

    public uint? SectionSize(string section) =>
        _sectionSizes.TryGetValue(section, out var size) && size <= uint.MaxValue ? (uint)size : null;

    public IReadOnlyList<ObjectSection> Sections { get; }

    public bool SymbolIsHidden(string section, string symbol) => _hiddenSymbols.Contains((section, symbol));

    /// <summary>
    /// Global or weak .text functions of hidden or internal visibility (<c>__hidden</c>): libbpf gives their BTF FUNCs
    /// static linkage, so the verifier checks them in their callers' context rather than alone, as it must check
    /// global functions.
    /// </summary>
    public IReadOnlySet<string> HiddenSubprograms { get; }

    public uint? SymbolOffset(string section, string symbol) =>
        _symbolOffsets.TryGetValue((section, symbol), out var offset) && offset <= uint.MaxValue ? (uint)offset : null;
}
