using System.Buffers.Binary;
using FsCheck.Xunit;
using ManagedBpf.Elf;

namespace ManagedBpf.Tests.Elf;

public class ElfRelocationTests
{
    [Property]
    public bool EntriesDecodeOffsetSymbolAndType(ulong offset, uint symbol, uint type)
    {
        var entry = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(entry, offset);
        BinaryPrimitives.WriteUInt64LittleEndian(entry.AsSpan(8), ((ulong)symbol << 32) | type);
        var parsed = ElfRelocation.ParseTable(entry, ".rel.test").Single();
        return parsed == new ElfRelocation(offset, symbol, (BpfRelocationType)type);
    }

    [Property]
    public bool ATableIsWholeEntriesOrAFormatError(byte[] table)
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
