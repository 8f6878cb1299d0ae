using System.Buffers.Binary;
using System.Text;

namespace ManagedBpf.Tests.Btf;

/// <summary>
/// A tiny ELF64 little-endian reader for tests: section contents by name and the symbol table. Kept separate from
/// the library's ELF code so BTF tests do not depend on it.
/// </summary>
internal sealed class TestElf
{
    private readonly byte[] _bytes;
    private readonly List<(string Name, int Offset, int Size, uint Type)> _sections = [];

    public TestElf(byte[] bytes)
    {
        _bytes = bytes;
        var span = bytes.AsSpan();
        var sectionHeaders = (int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3c..]);
        var namesIndex = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3e..]);
        var names = Header(span, sectionHeaders, namesIndex);
        for (var i = 0; i < count; i++)
        {
            var h = Header(span, sectionHeaders, i);
            _sections.Add((CString(span, names.Offset + h.NameOffset), h.Offset, h.Size, h.Type));
        }

        var symtab = _sections.FindIndex(s => s.Type == 2);
        var strtab = (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(sectionHeaders + (symtab * 64) + 40)..]);
        var symbols = _sections[symtab];
        for (var offset = symbols.Offset; offset < symbols.Offset + symbols.Size; offset += 24)
        {
            var name = CString(span, _sections[strtab].Offset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[offset..]));
            var info = span[offset + 4];
            var other = span[offset + 5];
            var shndx = BinaryPrimitives.ReadUInt16LittleEndian(span[(offset + 6)..]);
            var value = BinaryPrimitives.ReadUInt64LittleEndian(span[(offset + 8)..]);
            var section = shndx < _sections.Count ? _sections[shndx].Name : "";
            Symbols.Add(new Symbol(name, section, value, info >> 4, info & 0xf, other & 3));
        }
    }

    public record Symbol(string Name, string Section, ulong Value, int Bind, int Type, int Visibility);

    public List<Symbol> Symbols { get; } = [];

    public static TestElf Bootstrap() => new(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "bpf", "bootstrap.bpf.o")));

    public ReadOnlyMemory<byte> Section(string name)
    {
        var s = _sections.Single(s => s.Name == name);
        return _bytes.AsMemory(s.Offset, s.Size);
    }

    public uint? SectionSize(string name) => _sections.Where(s => s.Name == name).Select(s => (uint?)s.Size).FirstOrDefault();

    /// <summary>libbpf find_elf_var_sym: a GLOBAL or WEAK STT_OBJECT symbol by name.</summary>
    public uint? VariableOffset(string name) => Symbols
        .Where(s => s.Name == name && s.Type == 1 && s.Bind is 1 or 2)
        .Select(s => (uint?)s.Value).FirstOrDefault();

    private static (int NameOffset, uint Type, int Offset, int Size) Header(ReadOnlySpan<byte> span, int table, int index)
    {
        var h = span[(table + (index * 64))..];
        return ((int)BinaryPrimitives.ReadUInt32LittleEndian(h), BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
            (int)BinaryPrimitives.ReadUInt64LittleEndian(h[24..]), (int)BinaryPrimitives.ReadUInt64LittleEndian(h[32..]));
    }

    private static string CString(ReadOnlySpan<byte> span, int offset)
    {
        var rest = span[offset..];
        return Encoding.UTF8.GetString(rest[..rest.IndexOf((byte)0)]);
    }
}
