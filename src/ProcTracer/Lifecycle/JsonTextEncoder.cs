using System.Text;
using System.Text.Encodings.Web;
using ProcTracer.Text;

namespace ProcTracer.Lifecycle;

/// <summary>
/// How JSON lines escape strings: as <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/> does (non-ASCII text
/// stays as it is, so paths and argv read as they are; quotes, backslashes, C0 and C1 controls, U+2028/U+2029 become
/// escapes), and besides the format characters (Unicode category Cf) the text mode escapes too
/// (<see cref="TerminalEscaper"/>): a bidi override in a command line must not reorder the rest of a line for whoever
/// reads the log raw (tail, less, a terminal). The escape is a JSON one (<c>\u202E</c>): a JSON reader gets the
/// original string back.
/// </summary>
internal sealed class JsonTextEncoder : JavaScriptEncoder
{
    public static readonly JsonTextEncoder Instance = new();

    private static JavaScriptEncoder Relaxed => UnsafeRelaxedJsonEscaping;

    private JsonTextEncoder()
    {
    }

    /// <summary>Two <c>\uXXXX</c> escapes for a character outside the BMP.</summary>
    public override int MaxOutputCharactersPerInputCharacter => Math.Max(12, Relaxed.MaxOutputCharactersPerInputCharacter);

    public override bool WillEncode(int unicodeScalar) =>
        Relaxed.WillEncode(unicodeScalar) || (Rune.IsValid(unicodeScalar) && TerminalEscaper.Invisible(new Rune(unicodeScalar)));

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        var relaxed = Relaxed.FindFirstCharacterToEncode(text, textLength);
        var end = relaxed < 0 ? textLength : relaxed;
        // Format characters are all outside ASCII: only the non-ASCII stretch before the relaxed encoder's first
        // escape needs decoding.
        for (var i = span[..end].IndexOfAnyExceptInRange('\0', '\x7f'); i >= 0 && i < end;)
        {
            if (Rune.DecodeFromUtf16(span[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done && TerminalEscaper.Invisible(rune))
                return i;
            i += consumed;
        }
        return relaxed;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        var relaxed = Relaxed.FindFirstCharacterToEncodeUtf8(utf8Text);
        var end = relaxed < 0 ? utf8Text.Length : relaxed;
        for (var i = utf8Text[..end].IndexOfAnyExceptInRange((byte)0, (byte)0x7f); i >= 0 && i < end;)
        {
            if (Rune.DecodeFromUtf8(utf8Text[i..], out var rune, out var consumed) == System.Buffers.OperationStatus.Done && TerminalEscaper.Invisible(rune))
                return i;
            i += consumed;
        }
        return relaxed;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        if (!Rune.IsValid(unicodeScalar) || !TerminalEscaper.Invisible(new Rune(unicodeScalar)))
            return Relaxed.TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);
        Span<char> utf16 = stackalloc char[2];
        var units = new Rune(unicodeScalar).EncodeToUtf16(utf16);
        var output = new Span<char>(buffer, bufferLength);
        numberOfCharactersWritten = 0;
        if (bufferLength < 6 * units)
            return false;
        foreach (var unit in utf16[..units])
        {
            $"\\u{(int)unit:X4}".CopyTo(output[numberOfCharactersWritten..]);
            numberOfCharactersWritten += 6;
        }
        return true;
    }
}
