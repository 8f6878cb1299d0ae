using System.Buffers.Binary;
using System.Text;

namespace ManagedBpf.Binaries;

/// <summary>
/// A user-space ELF file (an executable or shared library a uprobe or USDT probe attaches to), read from its bytes:
/// the header, section headers, PT_LOAD segments, symbol tables and notes. Only what a probe needs, for the 64-bit
/// little-endian files of x86_64 and arm64. Bytes in, values out: the file is read by the caller.
/// </summary>
public sealed class ElfBinary
{
    /// <summary>e_type ET_EXEC: a non-PIE executable, whose addresses are absolute.</summary>
    public const ushort TypeExecutable = 2;

    /// <summary>e_type ET_DYN: a shared library or a PIE executable, whose addresses are relative to its load base.</summary>
    public const ushort TypeShared = 3;

    /// <summary>e_machine EM_X86_64.</summary>
    public const ushort MachineX64 = 62;

    /// <summary>e_machine EM_AARCH64.</summary>
    public const ushort MachineArm64 = 183;

    /// <summary>sh_type SHT_SYMTAB, SHT_DYNSYM, SHT_NOTE, SHT_GNU_verdef, SHT_GNU_versym.</summary>
    internal const uint SymbolTable = 2, DynamicSymbols = 11, Note = 7, VersionDefinitions = 0x6ffffffd, VersionSymbols = 0x6fffffff;

    private readonly ReadOnlyMemory<byte> _bytes;

    private ElfBinary(ReadOnlyMemory<byte> bytes, string name, ushort type, ushort machine, IReadOnlyList<ElfBinarySection> sections,
        IReadOnlyList<ElfSegment> segments)
    {
        _bytes = bytes;
        Name = name;
        Type = type;
        Machine = machine;
        Sections = sections;
        Segments = segments;
    }

    /// <summary>The name errors use (the file's path).</summary>
    public string Name { get; }

    /// <summary>e_type: <see cref="TypeExecutable"/> or <see cref="TypeShared"/>.</summary>
    public ushort Type { get; }

    /// <summary>e_machine: <see cref="MachineX64"/>, <see cref="MachineArm64"/>, ...</summary>
    public ushort Machine { get; }

    /// <summary>Every section header, in file order.</summary>
    public IReadOnlyList<ElfBinarySection> Sections { get; }

    /// <summary>The PT_LOAD program headers, by ascending virtual address.</summary>
    public IReadOnlyList<ElfSegment> Segments { get; }

    /// <summary>Reads the headers of <paramref name="bytes"/>.</summary>
    /// <exception cref="BpfFormatException">Not a 64-bit little-endian ELF file, or a header points outside it.</exception>
    public static ElfBinary Parse(ReadOnlyMemory<byte> bytes, string name)
    {
        var span = bytes.Span;
        if (span.Length < 64 || !span[..4].SequenceEqual((ReadOnlySpan<byte>)[0x7f, (byte)'E', (byte)'L', (byte)'F']))
            throw new BpfFormatException($"{name} is not an ELF file", null, 0);
        if (span[4] != 2 || span[5] != 1)
            throw new BpfFormatException($"{name} is not a 64-bit little-endian ELF file (class {span[4]}, data {span[5]})", null, 4);
        var type = U16(span, 16);
        var machine = U16(span, 18);
        var (phoff, shoff) = (U64(span, 32), U64(span, 40));
        var (phentsize, phnum, shentsize, shnum, shstrndx) = (U16(span, 54), U16(span, 56), U16(span, 58), U16(span, 60), U16(span, 62));

        var segments = new List<ElfSegment>();
        for (var i = 0; i < phnum; i++)
        {
            var header = Slice(span, phoff + (ulong)(i * phentsize), 56, name, "program header");
            if (U32(header, 0) == 1) // PT_LOAD
                segments.Add(new ElfSegment(U64(header, 16), U64(header, 40), U64(header, 8), (U32(header, 4) & 1) != 0));
        }
        segments.Sort((a, b) => a.VirtualAddress.CompareTo(b.VirtualAddress));

        var raw = new List<(uint NameOffset, ElfBinarySection Section)>();
        for (var i = 0; i < shnum; i++)
        {
            var header = Slice(span, shoff + (ulong)(i * shentsize), 64, name, "section header");
            raw.Add((U32(header, 0), new ElfBinarySection(i, "", U32(header, 4), U64(header, 8), U64(header, 16), U64(header, 24),
                U64(header, 32), U32(header, 40), U32(header, 44), U64(header, 56))));
        }
        var sections = new List<ElfBinarySection>(raw.Count);
        if (shstrndx < raw.Count)
        {
            var names = raw[shstrndx].Section;
            var table = Slice(span, names.FileOffset, names.Size, name, "section name table");
            foreach (var (nameOffset, section) in raw)
                sections.Add(section with { Name = CString(table, nameOffset) });
        }
        else
        {
            sections.AddRange(raw.Select(r => r.Section));
        }
        return new ElfBinary(bytes, name, type, machine, sections, segments);
    }

    /// <summary>The first section named <paramref name="sectionName"/>, or null.</summary>
    public ElfBinarySection? Section(string sectionName) => Sections.FirstOrDefault(s => s.Name == sectionName);

    /// <summary>The bytes of a section (empty for SHT_NOBITS).</summary>
    public ReadOnlyMemory<byte> Contents(ElfBinarySection section)
    {
        if (section.Type == 8) // SHT_NOBITS
            return ReadOnlyMemory<byte>.Empty;
        _ = Slice(_bytes.Span, section.FileOffset, section.Size, Name, section.Name);
        return _bytes.Slice((int)section.FileOffset, (int)section.Size);
    }

    /// <summary>
    /// The symbols of the first section of type <paramref name="sectionType"/> (<see cref="DynamicSymbols"/> or
    /// <see cref="SymbolTable"/>) whose type is STT_FUNC (2), with the version each has in .gnu.version/.gnu.version_d
    /// (dynamic symbols only). Symbols with no section (undefined, imported) are left out, as libbpf's iterator does.
    /// </summary>
    internal IEnumerable<ElfFunctionSymbol> Functions(uint sectionType)
    {
        var table = Sections.FirstOrDefault(s => s.Type == sectionType);
        if (table is null || table.EntrySize == 0)
            yield break;
        var symbols = Contents(table);
        var strings = Contents(Sections[(int)table.Link]);
        var versions = sectionType == DynamicSymbols ? ReadVersions() : null;
        var versionSymbols = sectionType == DynamicSymbols ? Sections.FirstOrDefault(s => s.Type == VersionSymbols) : null;
        var versym = versionSymbols is null ? ReadOnlyMemory<byte>.Empty : Contents(versionSymbols);
        var count = (int)(table.Size / table.EntrySize);
        for (var i = 0; i < count; i++)
        {
            var entry = symbols.Span.Slice(i * (int)table.EntrySize, 24);
            var info = entry[4];
            var sectionIndex = U16(entry, 6);
            if ((info & 0xf) != 2 || sectionIndex == 0 || sectionIndex >= Sections.Count)
                continue;
            string? version = null;
            var hidden = false;
            if (versions is not null && versym.Length >= (i + 1) * 2)
            {
                var word = U16(versym.Span, i * 2);
                hidden = (word & 0x8000) != 0;
                versions.TryGetValue((ushort)(word & 0x7fff), out version);
            }
            yield return new ElfFunctionSymbol(CString(strings.Span, U32(entry, 0)), U64(entry, 8), info >> 4, Sections[sectionIndex], version, hidden);
        }
    }

    /// <summary>The version names of .gnu.version_d by index (Elf64_Verdef chain; each entry's first Verdaux names it).</summary>
    private Dictionary<ushort, string>? ReadVersions()
    {
        var definitions = Sections.FirstOrDefault(s => s.Type == VersionDefinitions);
        if (definitions is null)
            return null;
        var data = Contents(definitions).Span;
        var strings = Contents(Sections[(int)definitions.Link]).Span;
        var names = new Dictionary<ushort, string>();
        for (var offset = 0; offset + 20 <= data.Length;)
        {
            var (index, aux, next) = (U16(data, offset + 4), U32(data, offset + 12), U32(data, offset + 16));
            if (offset + aux + 8 <= data.Length)
                names[index] = CString(strings, U32(data, offset + (int)aux));
            if (next == 0)
                break;
            offset += (int)next;
        }
        return names;
    }

    /// <summary>The notes of a SHT_NOTE section: (type, owner name, descriptor), each padded to 4 bytes.</summary>
    public IEnumerable<(uint Type, string Owner, ReadOnlyMemory<byte> Descriptor)> Notes(ElfBinarySection section)
    {
        var data = Contents(section);
        var offset = 0;
        while (offset + 12 <= data.Length)
        {
            var span = data.Span;
            var (nameSize, descSize, type) = (U32(span, offset), U32(span, offset + 4), U32(span, offset + 8));
            var nameStart = offset + 12;
            var descStart = nameStart + Align4(nameSize);
            if ((ulong)descStart + descSize > (ulong)data.Length)
                throw new BpfFormatException($"{Name}: a note runs past the end of its section", section.Name, offset);
            var owner = Encoding.UTF8.GetString(span.Slice(nameStart, (int)nameSize).TrimEnd((byte)0));
            yield return (type, owner, data.Slice(descStart, (int)descSize));
            offset = descStart + Align4(descSize);
        }
    }

    /// <summary>The PT_LOAD segment that holds virtual address <paramref name="address"/>, or null.</summary>
    public ElfSegment? SegmentOf(ulong address) =>
        Segments.FirstOrDefault(s => s.VirtualAddress <= address && address < s.VirtualAddress + s.MemorySize);

    private static int Align4(uint size) => (int)((size + 3) & ~3u);

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> span, ulong offset, ulong length, string file, string what) =>
        offset + length <= (ulong)span.Length && offset + length >= offset
            ? span.Slice((int)offset, (int)length)
            : throw new BpfFormatException($"{file}: the {what} at 0x{offset:x} runs past the end of the file", null, (long)offset);

    internal static string CString(ReadOnlySpan<byte> table, uint offset)
    {
        if (offset >= table.Length)
            return "";
        var rest = table[(int)offset..];
        var end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    internal static ushort U16(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt16LittleEndian(span[offset..]);

    internal static uint U32(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]);

    internal static ulong U64(ReadOnlySpan<byte> span, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(span[offset..]);
}

/// <summary>A section header of an <see cref="ElfBinary"/>.</summary>
public sealed record ElfBinarySection(int Index, string Name, uint Type, ulong Flags, ulong Address, ulong FileOffset, ulong Size,
    uint Link, uint Info, ulong EntrySize);

/// <summary>A PT_LOAD program header: where a run of the file is mapped, and whether it is executable (PF_X).</summary>
public sealed record ElfSegment(ulong VirtualAddress, ulong MemorySize, ulong FileOffset, bool Executable)
{
    /// <summary>The file offset of <paramref name="address"/>, which this segment holds.</summary>
    public ulong FileOffsetOf(ulong address) => address - VirtualAddress + FileOffset;
}

/// <summary>An STT_FUNC symbol: its name, value (virtual address), binding (STB_*), section and version.</summary>
internal sealed record ElfFunctionSymbol(string Name, ulong Value, int Binding, ElfBinarySection Section, string? Version, bool Hidden)
{
    /// <summary>STB_WEAK.</summary>
    public bool IsWeak => Binding == 2;

    /// <summary>
    /// What a uprobe needs: the file offset of the symbol's address, through its own section's header (libbpf's
    /// elf_sym_offset: st_value - sh_addr + sh_offset), which holds for executables and shared libraries alike.
    /// </summary>
    public ulong FileOffset => Value - Section.Address + Section.FileOffset;
}
