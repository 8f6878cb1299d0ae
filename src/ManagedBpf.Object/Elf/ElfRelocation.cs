using System.Buffers.Binary;

namespace ManagedBpf.Elf;

/// <summary>
/// One Elf64_Rel entry of a BPF object: r_offset, then r_info with the symbol index in the high 32 bits and the
/// type in the low 32. BPF objects use REL (no addend): the addend lives in the instruction's imm.
/// </summary>
internal readonly record struct ElfRelocation(ulong Offset, uint SymbolIndex, BpfRelocationType Type)
{
    public const int EntrySize = 16;

    /// <summary>Decodes a SHT_REL section. Every entry is bounds-checked by construction: the count comes from the length.</summary>
    public static ElfRelocation[] ParseTable(ReadOnlySpan<byte> table, string section)
    {
        if (table.Length % EntrySize != 0)
            throw new BpfFormatException($"relocation table of {table.Length} bytes is not a multiple of {EntrySize}", section, table.Length);
        var entries = new ElfRelocation[table.Length / EntrySize];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = table.Slice(i * EntrySize, EntrySize);
            var info = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            entries[i] = new ElfRelocation(BinaryPrimitives.ReadUInt64LittleEndian(entry), (uint)(info >> 32), (BpfRelocationType)(uint)info);
        }
        return entries;
    }
}

/// <summary>A relocation with the symbol it names, and where its entry is (for format errors).</summary>
/// <param name="Relocation">The entry.</param>
/// <param name="Symbol">The symbol its r_info names.</param>
/// <param name="Table">The relocation section's name.</param>
/// <param name="EntryOffset">The entry's byte offset in that section.</param>
internal readonly record struct SymbolRelocation(ElfRelocation Relocation, ElfSymbol Symbol, string Table, long EntryOffset);

/// <summary>BPF relocation types as LLVM names them (llvm/BinaryFormat/ELFRelocs/BPF.def).</summary>
internal enum BpfRelocationType : uint
{
    None = 0,

    /// <summary>R_BPF_64_64: the 64-bit immediate of an ld_imm64 pair (maps, global data, function addresses).</summary>
    Imm64 = 1,

    /// <summary>R_BPF_64_ABS64: a data word (.BTF, .BTF.ext, DWARF, map-in-map initialisers).</summary>
    Abs64 = 2,

    /// <summary>R_BPF_64_ABS32: a 32-bit data word (DWARF, .BTF.ext).</summary>
    Abs32 = 3,

    /// <summary>R_BPF_64_NODYLD32: .BTF.ext records.</summary>
    NoDyld32 = 4,

    /// <summary>R_BPF_64_32: the imm of a call instruction (bpf-to-bpf calls).</summary>
    Call32 = 10,
}
