using System.Buffers.Binary;
using System.Text;
using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

/// <summary>
/// Encodes a small BTF blob type by type (header, type section, string section): the probes that ask the
/// kernel which kinds it accepts, and the placeholder type the sanitizer appends.
/// </summary>
internal sealed class BtfBlobWriter
{
    private readonly List<byte> _types = [];
    private readonly List<byte> _strings = [0];

    /// <summary>Adds a NUL-terminated string and returns its offset.</summary>
    public uint String(string value)
    {
        var offset = (uint)_strings.Count;
        _strings.AddRange(Encoding.UTF8.GetBytes(value));
        _strings.Add(0);
        return offset;
    }

    /// <summary>Appends <c>struct btf_type</c> and the kind's trailing words.</summary>
    public void Type(uint nameOffset, BtfKind kind, int vlen, bool kindFlag, uint sizeOrType, params uint[] trailer)
    {
        Word(nameOffset);
        Word(((uint)kind << 24) | (uint)(vlen & 0xffff) | (kindFlag ? 1u << 31 : 0));
        Word(sizeOrType);
        foreach (var word in trailer)
            Word(word);
    }

    /// <summary>A 32-bit signed INT named <paramref name="nameOffset"/>.</summary>
    public void Int(uint nameOffset, uint size = 4, bool signed = true) =>
        Type(nameOffset, BtfKind.Int, 0, false, size, ((signed ? BtfWire.IntSigned : 0) << 24) | (size * 8));

    public byte[] Build() => Compose([.. _types], [.. _strings]);

    /// <summary>A version 1 header, then the type section, then the string section.</summary>
    public static byte[] Compose(ReadOnlySpan<byte> typeSection, ReadOnlySpan<byte> stringSection)
    {
        var typeLength = typeSection.Length;
        var blob = new byte[BtfWire.HeaderSize + typeLength + stringSection.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(blob, BtfWire.Magic);
        blob[2] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(4), BtfWire.HeaderSize);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(12), (uint)typeLength);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(16), (uint)typeLength);
        BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(20), (uint)stringSection.Length);
        typeSection.CopyTo(blob.AsSpan(BtfWire.HeaderSize));
        stringSection.CopyTo(blob.AsSpan(BtfWire.HeaderSize + typeLength));
        return blob;
    }

    /// <summary>
    /// A copy of <paramref name="blob"/> with one more type at the end (so its id is the old type count) and that
    /// type's name appended to the strings: how libbpf adds the types its fix-ups need.
    /// </summary>
    public static byte[] AppendType(byte[] blob, string name, BtfKind kind, uint sizeOrType, params uint[] trailer)
    {
        var header = BtfHeader.Read(blob, SectionNames.Btf);
        var appended = new BtfBlobWriter();
        appended.Type((uint)header.StringLength, kind, 0, false, sizeOrType, trailer);
        var strings = blob.AsSpan(header.HeaderLength + header.StringOffset, header.StringLength);
        return Compose(
            [.. blob.AsSpan(header.HeaderLength + header.TypeOffset, header.TypeLength), .. appended._types],
            [.. strings, .. Encoding.UTF8.GetBytes(name), 0]);
    }

    private void Word(uint value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, value);
        _types.AddRange(word);
    }
}
