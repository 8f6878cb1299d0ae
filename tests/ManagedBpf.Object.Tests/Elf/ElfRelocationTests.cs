using System.Buffers.Binary;
using FsCheck.Xunit;
using ManagedBpf.Elf;
using Xunit;

namespace ManagedBpf.Tests.Elf;

public class ElfRelocationTests
{
    [Property]
    public bool Entries_decode_offset_symbol_and_type(ulong offset, uint symbol, uint type)
    {
        var entry = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, offset);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), ((ulong)symbol << 32) | type);
        var parsed = ElfRelocation.ParseTable(entry, ".rel.test").Single();
        return parsed == new ElfRelocation(offset, symbol, (BpfRelocationType)type);
    }

    [Property]
    public bool A_table_is_whole_entries_or_a_format_error(byte[] table)
    {
        try
        {
            return ElfRelocation.ParseTable(table, ".rel.test").Length * 16 == table.Length;
        }
        catch (BpfFormatException e)
        {
            return table.Length % 16 != 0 && e.Section == ".rel.test";
        }
    }
}
