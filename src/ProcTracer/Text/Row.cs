using System.Buffers.Text;

namespace ProcTracer.Text;

/// <summary>
/// One output row built in place in a span that is large enough for it: bootstrap's printf conversions as bytes
/// (<c>%-Ns</c> padded by byte count as C pads, <c>%-Nd</c>), and text anyone can choose escaped on the way in
/// (<see cref="TerminalEscaper"/>), never decoded and re-encoded.
/// </summary>
internal ref struct Row(Span<byte> span)
{
    private readonly Span<byte> _span = span;

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The most bytes <paramref name="inputLength"/> bytes of chosen text take once escaped.</summary>
    public static int EscapedLength(int inputLength) => TerminalEscaper.MaxLength(inputLength);

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_span[Length..]);
        Length += bytes.Length;
    }

    public void Append(byte value) => _span[Length++] = value;

    /// <summary>A number in decimal, unpadded (%d, %u, %llu).</summary>
    public void Number(long value)
    {
        Utf8Formatter.TryFormat(value, _span[Length..], out var written);
        Length += written;
    }

    /// <summary>An unsigned number in decimal (%u, %llu).</summary>
    public void Number(ulong value)
    {
        Utf8Formatter.TryFormat(value, _span[Length..], out var written);
        Length += written;
    }

    /// <summary>Chosen text, escaped, unpadded.</summary>
    public void Escaped(scoped ReadOnlySpan<byte> text) => Length += TerminalEscaper.Escape(text, _span[Length..]);

    /// <summary>%-Ns and the separating space: the field, spaces up to <paramref name="width"/>, one more space.</summary>
    public void Column(scoped ReadOnlySpan<byte> field, int width)
    {
        var start = Length;
        Append(field);
        PadFrom(start, width);
    }

    /// <summary>%-Ns of chosen text: the padding counts the bytes printed, as C counts the bytes of comm.</summary>
    public void EscapedColumn(scoped ReadOnlySpan<byte> text, int width)
    {
        var start = Length;
        Escaped(text);
        PadFrom(start, width);
    }

    /// <summary>%-Nd and the separating space.</summary>
    public void NumberColumn(long value, int width)
    {
        var start = Length;
        Number(value);
        PadFrom(start, width);
    }

    /// <summary>The bytes up to the first NUL, as %s prints a char array; the whole array when unterminated.</summary>
    public static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end >= 0 ? field[..end] : field;
    }

    private void PadFrom(int start, int width)
    {
        for (var written = Length - start; written < width; written++)
            _span[Length++] = (byte)' ';
        _span[Length++] = (byte)' ';
    }
}
