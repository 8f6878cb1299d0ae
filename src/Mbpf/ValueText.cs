using System.Buffers.Binary;
using System.Globalization;
using ManagedBpf.Btf;

namespace Mbpf;

/// <summary>
/// A value as mbpf prints it, by its BTF type when it has one: integers, enums and bools in decimal (signed where the
/// type is), everything else (and anything without BTF) as its bytes in hex, in memory order.
/// </summary>
internal static class ValueText
{
    public static string Format(BtfSpec? btf, int typeId, ReadOnlySpan<byte> bytes)
    {
        if (btf is not null && typeId > 0)
        {
            var type = btf.GetType(btf.ResolveType(typeId));
            var signed = type switch
            {
                BtfInt i when i.Encoding.HasFlag(BtfIntEncoding.Signed) => true,
                BtfInt => false,
                BtfEnum e => e.Signed,
                _ => (bool?)null,
            };
            if (signed is { } isSigned && bytes.Length is 1 or 2 or 4 or 8)
                return Integer(bytes, isSigned);
        }
        return Hex(bytes);
    }

    /// <summary>A little-endian integer of 1, 2, 4 or 8 bytes in decimal.</summary>
    public static string Integer(ReadOnlySpan<byte> bytes, bool signed) => (bytes.Length, signed) switch
    {
        (1, true) => ((sbyte)bytes[0]).ToString(CultureInfo.InvariantCulture),
        (1, false) => bytes[0].ToString(CultureInfo.InvariantCulture),
        (2, true) => BinaryPrimitives.ReadInt16LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        (2, false) => BinaryPrimitives.ReadUInt16LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        (4, true) => BinaryPrimitives.ReadInt32LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        (4, false) => BinaryPrimitives.ReadUInt32LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        (8, true) => BinaryPrimitives.ReadInt64LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
        _ => BinaryPrimitives.ReadUInt64LittleEndian(bytes).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Bytes as lower-case hex pairs separated by spaces.</summary>
    public static string Hex(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
