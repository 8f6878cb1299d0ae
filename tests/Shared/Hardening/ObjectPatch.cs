using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ManagedBpf.Btf;
using ManagedBpf.Elf;

namespace ManagedBpf.Tests.Hardening;

/// <summary>One field of an object changed on purpose, as a mutation the fuzzer found changed it: for regression tests.</summary>
internal static class ObjectPatch
{
    /// <summary>The object with the 32-bit word at <paramref name="offsetInBtf"/> (found through its parsed BTF) of its .BTF set to <paramref name="value"/>.</summary>
    public static byte[] BtfWord(byte[] image, Func<BtfSpec, int> offsetInBtf, uint value)
    {
        var section = ElfObject.Parse(image).FindSection(SectionNames.Btf) ?? throw new ArgumentException("the object has no .BTF", nameof(image));
        var start = MemoryMarshal.TryGetArray(section.Contents, out var contents) ? contents.Offset : throw new ArgumentException("no array", nameof(image));
        var patched = (byte[])image.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(start + offsetInBtf(BtfSpec.Parse(section.Contents))), value);
        return patched;
    }

    /// <summary>The object with st_value of the symbol <paramref name="name"/> in .symtab set to <paramref name="value"/>.</summary>
    public static byte[] SymbolValue(byte[] image, string name, ulong value)
    {
        var elf = ElfObject.Parse(image);
        var symbol = elf.Symbols.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"no symbol '{name}'", nameof(name));
        var table = elf.FindSection(".symtab") ?? throw new ArgumentException("the object has no .symtab", nameof(image));
        var start = MemoryMarshal.TryGetArray(table.Contents, out var contents) ? contents.Offset : throw new ArgumentException("no array", nameof(image));
        var patched = (byte[])image.Clone();
        // Elf64_Sym: st_name (4), st_info, st_other, st_shndx (2), then st_value (8).
        BinaryPrimitives.WriteUInt64LittleEndian(patched.AsSpan(start + (symbol.Index * 24) + 8), value);
        return patched;
    }
}
