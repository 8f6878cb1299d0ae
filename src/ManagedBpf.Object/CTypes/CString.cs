using System.Text;

namespace ManagedBpf;

/// <summary>
/// Text in a C <c>char</c> array, as BPF programs leave it (<c>bpf_get_current_comm</c>,
/// <c>bpf_probe_read_str</c>) and read it: the bytes up to the first NUL. The structs <c>mbpf gen</c> writes give
/// every <c>char name[N]</c> member a string property through these two functions.
/// </summary>
public static class CString
{
    /// <summary>The text of <paramref name="chars"/>: the bytes before the first NUL (all of them when there is
    /// none), decoded as UTF-8, invalid sequences becoming U+FFFD.</summary>
    public static string Read(ReadOnlySpan<byte> chars)
    {
        var end = chars.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? chars : chars[..end]);
    }

    /// <summary>
    /// Writes <paramref name="value"/> into <paramref name="chars"/> as UTF-8 and a NUL, the rest zeroed (as
    /// <c>strscpy_pad</c> does in the kernel): at most <c>chars.Length - 1</c> bytes of text, cut before a character
    /// that does not fit whole, so a program that stops at the NUL never reads half a character.
    /// </summary>
    public static void Write(string value, Span<byte> chars)
    {
        ArgumentNullException.ThrowIfNull(value);
        chars.Clear();
        if (chars.IsEmpty)
            return;
        var room = chars[..^1];
        var used = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Utf8SequenceLength > room.Length - used)
                break;
            used += rune.EncodeToUtf8(room[used..]);
        }
    }
}
