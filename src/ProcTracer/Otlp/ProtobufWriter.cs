using System.Buffers.Binary;
using System.Text;

namespace ProcTracer.Otlp;

/// <summary>
/// The few protobuf encodings OTLP's LogsData needs (protobuf.dev/programming-guides/encoding): varints, fixed64,
/// and length-delimited fields (strings, bytes, nested messages). A nested message is written in place after room
/// for the longest length prefix (5 bytes: messages here stay far below 2^28 bytes); <see cref="End"/> then writes
/// the real prefix and moves the body down to it, so nothing is measured twice and nothing is copied out.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0, WireFixed64 = 1, WireLength = 2;
    private const int MaxPrefix = 5;

    private byte[] _buffer;
    private int _length;

    public ProtobufWriter(int capacity = 1024) => _buffer = new byte[capacity];

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary><see cref="Written"/>, for the socket; valid until the next write.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public void Reset() => _length = 0;

    public void Varint(int field, ulong value)
    {
        Tag(field, WireVarint);
        RawVarint(value);
    }

    public void Fixed64(int field, ulong value)
    {
        Tag(field, WireFixed64);
        BinaryPrimitives.WriteUInt64LittleEndian(Room(8), value);
        _length += 8;
    }

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireLength);
        RawVarint((ulong)value.Length);
        value.CopyTo(Room(value.Length));
        _length += value.Length;
    }

    public void String(int field, string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        Tag(field, WireLength);
        RawVarint((ulong)count);
        _length += Encoding.UTF8.GetBytes(value, Room(count));
    }

    /// <summary>Bytes that already are encoded fields (a message written once and repeated in every request).</summary>
    public void Raw(ReadOnlySpan<byte> fields)
    {
        fields.CopyTo(Room(fields.Length));
        _length += fields.Length;
    }

    /// <summary>Opens a nested message in <paramref name="field"/>; returns the mark <see cref="End"/> closes.</summary>
    public int Begin(int field)
    {
        Tag(field, WireLength);
        Room(MaxPrefix);
        _length += MaxPrefix;
        return _length;
    }

    /// <summary>Closes the message opened at <paramref name="mark"/>: its length prefix, then its body moved up to it.</summary>
    public void End(int mark)
    {
        var bodyLength = _length - mark;
        Span<byte> prefix = stackalloc byte[MaxPrefix];
        var prefixLength = EncodeVarint((ulong)bodyLength, prefix);
        var start = mark - MaxPrefix;
        var shift = MaxPrefix - prefixLength;
        if (shift > 0)
            _buffer.AsSpan(mark, bodyLength).CopyTo(_buffer.AsSpan(start + prefixLength));
        prefix[..prefixLength].CopyTo(_buffer.AsSpan(start));
        _length -= shift;
    }

    private void Tag(int field, int wireType) => RawVarint((ulong)((field << 3) | wireType));

    private void RawVarint(ulong value) => _length += EncodeVarint(value, Room(10));

    private static int EncodeVarint(ulong value, Span<byte> destination)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>At least <paramref name="count"/> bytes at the end, the buffer doubled as needed.</summary>
    private Span<byte> Room(int count)
    {
        if (_buffer.Length - _length < count)
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        return _buffer.AsSpan(_length);
    }
}
