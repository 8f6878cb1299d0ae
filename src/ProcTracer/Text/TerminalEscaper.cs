using System.Text;

namespace ProcTracer.Text;

/// <summary>
/// Makes bytes anyone can choose (a process's comm, an executable's file name) safe to print on a terminal.
/// Printable ASCII and valid UTF-8 pass through unchanged; everything a terminal could act on or misread is
/// written C-style as <c>\xNN</c>, one escape per byte: C0 controls and DEL, C1 controls (U+0080–U+009F, which
/// some terminals take as CSI and friends), and every byte of invalid UTF-8. The backslash itself becomes
/// <c>\\</c>, so the output reads back unambiguously.
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
                && rune.Value > 0x9f)
            {
                text[..consumed].CopyTo(output[length..]);
                length += consumed;
                text = text[consumed..];
                continue;
            }
            // A control byte, or the first byte of an invalid or C1-control sequence: escape it alone and go on
            // from the next byte, which is how a decoder resynchronises.
            length += Hex(first, output[length..]);
            text = text[1..];
        }
        return length;
    }

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
