namespace ManagedBpf.Elf;

/// <summary>
/// Where things are in the ELF file: section sizes by name and data-symbol offsets by (section, name). The
/// compiler leaves DATASEC sizes and VAR offsets in .BTF as zero; the loader fills them from here
/// (libbpf btf_fixup_datasec) before the kernel sees the BTF.
/// </summary>
internal sealed class ElfLayout
{
    private readonly Dictionary<string, ulong> sectionSizes;
    private readonly Dictionary<(string Section, string Symbol), ulong> symbolOffsets;

    private ElfLayout(Dictionary<string, ulong> sectionSizes, Dictionary<(string, string), ulong> symbolOffsets)
    {
        this.sectionSizes = sectionSizes;
        this.symbolOffsets = symbolOffsets;
    }

    public static ElfLayout Of(ElfObject elf)
    {
        var sizes = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var section in elf.Sections)
            sizes.TryAdd(section.Name, section.Size);
        var offsets = new Dictionary<(string, string), ulong>();
        foreach (var symbol in elf.Symbols)
        {
            if (symbol.Type == ElfSymbolType.Object && symbol.SectionIndex > 0 && symbol.SectionIndex < elf.Sections.Count)
                offsets.TryAdd((elf.Sections[symbol.SectionIndex].Name, symbol.Name), symbol.Value);
        }
        return new ElfLayout(sizes, offsets);
    }

    public uint? SectionSize(string section) =>
        sectionSizes.TryGetValue(section, out var size) && size <= uint.MaxValue ? (uint)size : null;

    public uint? SymbolOffset(string section, string symbol) =>
        symbolOffsets.TryGetValue((section, symbol), out var offset) && offset <= uint.MaxValue ? (uint)offset : null;
}
