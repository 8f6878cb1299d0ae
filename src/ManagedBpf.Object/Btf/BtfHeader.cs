namespace ManagedBpf.Btf;

/// <summary>
/// <c>struct btf_header</c>: magic, version 1, flags, hdr_len, then the type and string sections as
/// (offset, length) pairs relative to the end of the header.
/// </summary>
internal readonly record struct BtfHeader(int HeaderLength, int TypeOffset, int TypeLength, int StringOffset, int StringLength)
{
    /// <summary>Reads and bounds-checks the header the way libbpf's btf_parse_hdr does.</summary>
    public static BtfHeader Read(ReadOnlySpan<byte> data, string section)
    {
        if (data.Length < BtfWire.HeaderSize)
            throw new BpfFormatException($"{data.Length} bytes is too short for a BTF header", section, 0);
        var magic = (ushort)(data[0] | (data[1] << 8));
        if (magic == BtfWire.MagicSwapped)
            throw new BpfFormatException("big-endian BTF is not supported", section, 0);
        if (magic != BtfWire.Magic)
            throw new BpfFormatException($"bad BTF magic 0x{magic:x4}", section, 0);
        if (data[2] != 1)
            throw new BpfFormatException($"unsupported BTF version {data[2]}", section, 2);

        var headerLength = BtfWire.U32(data, 4);
        if (headerLength < BtfWire.HeaderSize || headerLength > (uint)data.Length)
            throw new BpfFormatException($"bad BTF header length {headerLength}", section, 4);
        // A newer, longer header is accepted only if the part we do not understand is zero (kernel btf_check_sec_info).
        foreach (var b in data[BtfWire.HeaderSize..(int)headerLength])
        {
            if (b != 0)
                throw new BpfFormatException("unknown non-zero BTF header fields", section, BtfWire.HeaderSize);
        }

        var available = (uint)data.Length - headerLength;
        var typeOffset = BtfWire.U32(data, 8);
        var typeLength = BtfWire.U32(data, 12);
        var stringOffset = BtfWire.U32(data, 16);
        var stringLength = BtfWire.U32(data, 20);
        if (typeOffset % 4 != 0)
            throw new BpfFormatException("type section is not 4-byte aligned", section, 8);
        CheckRange("type", typeOffset, typeLength, available, section, 8);
        CheckRange("string", stringOffset, stringLength, available, section, 16);
        if (typeOffset < stringOffset ? typeOffset + typeLength > stringOffset : stringOffset + stringLength > typeOffset)
            throw new BpfFormatException("type and string sections overlap", section, 8);
        return new BtfHeader((int)headerLength, (int)typeOffset, (int)typeLength, (int)stringOffset, (int)stringLength);
    }

    private static void CheckRange(string what, uint offset, uint length, uint available, string section, int field)
    {
        if (offset > available || length > available - offset)
            throw new BpfFormatException($"{what} section [{offset}, +{length}) exceeds the {available} bytes after the header", section, field);
    }
}
