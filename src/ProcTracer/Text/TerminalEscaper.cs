using System.Text;

namespace ProcTracer.Text;

/// <summary>
/// Makes bytes anyone can choose (a process's comm, an executable's file name) safe to print on a terminal.
/// Printable ASCII and valid UTF-8 pass through unchanged; everything a terminal could act on or misread is
/// written C-style as <c>\xNN</c>, one escape per byte: C0 controls and DEL, C1 controls (U+0080–U+009F, which
/// some terminals take as CSI and friends), format characters (Unicode category Cf: the bidi embeddings, overrides
/// and isolates U+202A–U+202E and U+2066–U+2069, the marks U+200E/U+200F, zero-width characters, which reorder or
/// hide what the rest of the row says: CVE-2021-42574's "Trojan Source"), the line and paragraph separators
/// U+2028/U+2029, and every byte of invalid UTF-8. The backslash itself becomes <c>\\</c>, so the output reads
/// back unambiguously.
/// </summary>
internal static class TerminalEscaper
{
    /// <summary>The most bytes <see cref="Escape"/> writes for <paramref name="inputLength"/> input bytes.</summary>
    public static int MaxLength(int inputLength) => inputLength * 4;

    /// <summary>Writes the escaped form of <paramref name="text"/> to <paramref name="output"/>; returns its length.</summary>
    public static int Escape(ReadOnlySpan<byte> text, Span<byte> output)
    {
        var length = 0;
        while (!text.IsEmpty)
        {
            var first = text[0];
            if (first is >= 0x20 and < 0x7f)
            {
                if (first == (byte)'\\')
                    output[length++] = (byte)'\\';
                output[length++] = first;
                text = text[1..];
                continue;
            }
            if (first >= 0x80 && Rune.DecodeFromUtf8(text, out var rune, out var consumed) == System.Buffers.OperationStatus.Done
                && rune.Value > 0x9f && !Invisible(rune))
            {
                text[..consumed].CopyTo(output[length..]);
                length += consumed;
                text = text[consumed..];
                continue;
            }
            // A control byte, or the first byte of an invalid, C1-control or invisible sequence: escape it alone and
            // go on from the next byte, which is how a decoder resynchronises (a continuation byte alone is invalid,
            // so the rest of the sequence is escaped too).
            length += Hex(first, output[length..]);
            text = text[1..];
        }
        return length;
    }

    /// <summary>Characters a terminal lays out without showing: format characters (Cf) and the line and paragraph
    /// separators.</summary>
    public static bool Invisible(Rune rune) => Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format
        or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    private static int Hex(byte value, Span<byte> output)
    {
        const string Digits = "0123456789abcdef";
        output[0] = (byte)'\\';
        output[1] = (byte)'x';
        output[2] = (byte)Digits[value >> 4];
        output[3] = (byte)Digits[value & 0xf];
        return 4;
    }
}
