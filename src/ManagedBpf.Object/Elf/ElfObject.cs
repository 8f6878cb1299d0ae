using System.Buffers.Binary;
using ELFSharp.ELF;
using ELFSharp.ELF.Sections;

namespace ManagedBpf.Elf;

/// <summary>
/// The ELF container of a clang-built BPF object. ELFSharp reads names and symbols; section contents are slices of
/// the caller's bytes, and sh_link/sh_info (which ELFSharp does not expose) are read from the header table here.
/// Any inconsistency surfaces as <see cref="BpfFormatException"/>.
/// </summary>
internal sealed class ElfObject
{
    /// <summary>EM_BPF: not in ELFSharp's Machine enum, so compared as a number.</summary>
    private const int MachineBpf = 247;

    private const int SectionHeaderSize = 64;

    private ElfObject(IReadOnlyList<ElfSection> sections, IReadOnlyList<ElfSymbol> symbols)
    {
        Sections = sections;
        Symbols = symbols;
    }

    /// <summary>Every section, indexed by section header index.</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>Every symbol of .symtab, indexed by symbol index (as relocations refer to them).</summary>
    public IReadOnlyList<ElfSymbol> Symbols { get; }

    public ElfSection? FindSection(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>
    /// Every relocation that patches <paramref name="target"/> (the SHT_REL sections whose sh_info names it), with the
    /// symbol it refers to, checked to exist.
    /// </summary>
    /// <exception cref="BpfFormatException">A table is malformed or names a symbol the file does not have.</exception>
    public IEnumerable<SymbolRelocation> RelocationsOf(ElfSection target)
    {
        foreach (var table in Sections.Where(s => s.Type == ElfSectionType.Relocations && s.Info == target.Index))
        {
            var relocations = ElfRelocation.ParseTable(table.Contents.Span, table.Name);
            for (var i = 0; i < relocations.Length; i++)
            {
                var relocation = relocations[i];
                var at = (long)i * ElfRelocation.EntrySize;
                if (relocation.SymbolIndex >= Symbols.Count)
                    throw new BpfFormatException($"relocation names symbol {relocation.SymbolIndex} of {Symbols.Count}", table.Name, at);
                yield return new SymbolRelocation(relocation, Symbols[(int)relocation.SymbolIndex], table.Name, at);
            }
        }
    }

    public static ElfObject Parse(ReadOnlyMemory<byte> image)
    {
        try
        {
            return ParseUnchecked(image);
        }
        catch (BpfFormatException)
        {
            throw;
        }
        catch (Exception e) when (e is not BpfException and not OutOfMemoryException)
        {
            // ELFSharp reports malformed headers through whatever its reader happens to throw (index, cast,
            // end-of-stream, overflow ...): all of them mean the container is not a well-formed ELF.
            throw new BpfFormatException($"malformed ELF: {e.Message}", null, 0, e);
        }
    }

    private static unsafe ElfObject ParseUnchecked(ReadOnlyMemory<byte> image)
    {
        var bytes = image.Span;
        if (bytes.Length < 64 || !bytes[..4].SequenceEqual("\u007fELF"u8))
            throw new BpfFormatException("not an ELF file", null, 0);
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new BpfFormatException("only 64-bit little-endian BPF objects are supported", null, 4);
        CheckHeaderTables(bytes);

        // ELFSharp reads headers, names and symbols through a stream: one over the caller's bytes, never a copy of
        // them (a mapped object file would otherwise be read whole, DWARF included).
        using var pin = image.Pin();
        using var stream = new UnmanagedMemoryStream((byte*)pin.Pointer, image.Length);
        if (!ELFReader.TryLoad(stream, shouldOwnStream: false, out var loaded) || loaded is not ELF<ulong> elf)
            throw new BpfFormatException("ELFSharp could not read the file", null, 0);
        using (elf)
        {
            if ((int)elf.Machine != MachineBpf)
                throw new BpfFormatException($"e_machine is {(int)elf.Machine}, not EM_BPF ({MachineBpf})", null, 18);
            if (elf.Type != FileType.Relocatable)
                throw new BpfFormatException($"e_type is {elf.Type}, expected a relocatable object", null, 16);
            var sections = ReadSections(image, elf);
            var symbols = ReadSymbols(elf, sections.Count);
            return new ElfObject(sections, symbols);
        }
    }

    /// <summary>
    /// Bounds every table and section the headers describe by the file's length before ELFSharp reads them:
    /// its reader allocates whatever counts and sizes the headers state.
    /// </summary>
    private static void CheckHeaderTables(ReadOnlySpan<byte> bytes)
    {
        var programHeaders = BinaryPrimitives.ReadUInt64LittleEndian(bytes[0x20..]);
        var programHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x36..]);
        var programHeaderCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x38..]);
        Slice(bytes, programHeaders, (ulong)programHeaderSize * programHeaderCount, "program header table");
        var sectionHeaders = BinaryPrimitives.ReadUInt64LittleEndian(bytes[0x28..]);
        var sectionHeaderSize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3a..]);
        var sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3c..]);
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3e..]);
        if (sectionHeaderSize != SectionHeaderSize)
            throw new BpfFormatException($"e_shentsize is {sectionHeaderSize}, expected {SectionHeaderSize}", null, 0x3a);
        if (namesIndex >= sectionCount)
            throw new BpfFormatException($"e_shstrndx {namesIndex} is not one of the {sectionCount} sections", null, 0x3e);
        var table = Slice(bytes, sectionHeaders, (ulong)sectionCount * SectionHeaderSize, "section header table");
        for (var index = 0; index < sectionCount; index++)
        {
            var header = table.Slice(index * SectionHeaderSize, SectionHeaderSize);
            var type = (ElfSectionType)BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            if (type is not (ElfSectionType.NoBits or ElfSectionType.Null))
                Slice(bytes, BinaryPrimitives.ReadUInt64LittleEndian(header[24..]), BinaryPrimitives.ReadUInt64LittleEndian(header[32..]), $"section {index}");
        }
    }

    private static List<ElfSection> ReadSections(ReadOnlyMemory<byte> image, ELF<ulong> elf)
    {
        var bytes = image.Span;
        var tableOffset = BinaryPrimitives.ReadUInt64LittleEndian(bytes[0x28..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(bytes[0x3a..]);
        if (entrySize != SectionHeaderSize)
            throw new BpfFormatException($"e_shentsize is {entrySize}, expected {SectionHeaderSize}", null, 0x3a);

        var sections = new List<ElfSection>(elf.Sections.Count);
        for (var index = 0; index < elf.Sections.Count; index++)
        {
            var section = elf.Sections[index];
            var header = Slice(bytes, tableOffset + (ulong)index * SectionHeaderSize, SectionHeaderSize, "section header table");
            var link = BinaryPrimitives.ReadUInt32LittleEndian(header[40..]);
            var info = BinaryPrimitives.ReadUInt32LittleEndian(header[44..]);
            var name = section.Name ?? throw new BpfFormatException($"section {index} has no name in the section string table", null, (long)tableOffset + (index * SectionHeaderSize));
            var type = (ElfSectionType)(uint)section.Type;
            // SHT_NOBITS (.bss) occupies no file bytes: its size is real, its contents are zeros made at load time.
            var contents = type == ElfSectionType.NoBits || type == ElfSectionType.Null
                ? ReadOnlyMemory<byte>.Empty
                : SliceMemory(image, section.Offset, section.Size, name);
            sections.Add(new ElfSection(index, name, type, (ulong)section.Flags, link, info, contents) { Size = section.Size });
        }
        return sections;
    }

    private static List<ElfSymbol> ReadSymbols(ELF<ulong> elf, int sectionCount)
    {
        var symbols = new List<ElfSymbol>();
        if (!elf.TryGetSection(".symtab", out var section) || section is not ISymbolTable table)
            return symbols;
        foreach (var entry in table.Entries.Cast<SymbolEntry<ulong>>())
        {
            var sectionIndex = (int)entry.PointedSectionIndex;
            if (sectionIndex != 0 && sectionIndex < 0xff00 && sectionIndex >= sectionCount)
                throw new BpfFormatException($"symbol '{entry.Name}' points at section {sectionIndex} of {sectionCount}", ".symtab", symbols.Count * 24L);
            symbols.Add(new ElfSymbol(symbols.Count, entry.Name ?? "", entry.Value, entry.Size,
                (ElfSymbolType)(byte)entry.Type, (ElfSymbolBinding)(byte)entry.Binding, sectionIndex,
                entry.Visibility is SymbolVisibility.Hidden or SymbolVisibility.Internal));
        }
        return symbols;
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> bytes, ulong offset, ulong length, string what)
    {
        if (offset > (ulong)bytes.Length || length > (ulong)bytes.Length - offset)
            throw new BpfFormatException($"{what} [{offset}, +{length}) lies outside the {bytes.Length}-byte file", null, (long)Math.Min(offset, long.MaxValue));
        return bytes.Slice((int)offset, (int)length);
    }

    private static ReadOnlyMemory<byte> SliceMemory(ReadOnlyMemory<byte> image, ulong offset, ulong length, string section)
    {
        if (offset > (ulong)image.Length || length > (ulong)image.Length - offset)
            throw new BpfFormatException($"contents [{offset}, +{length}) lie outside the {image.Length}-byte file", section, (long)Math.Min(offset, long.MaxValue));
        return image.Slice((int)offset, (int)length);
    }
}
