using System.Buffers;
using System.Buffers.Text;

namespace ProcTracer;

/// <summary>
/// Writes rows exactly as the seed's printf calls do — <c>"%-8s %-5s %-16s %-7d %-7d %s\n"</c> for EXEC and
/// <c>"%-8s %-5s %-16s %-7d %-7d [%u] (%llums)\n"</c> for EXIT — as bytes: comm and filename are the kernel's
/// bytes, padded by byte count as C pads them, never decoded and re-encoded. Both are passed through
/// <see cref="TerminalEscaper"/> first: anyone can name a program, so nothing raw reaches the terminal.
/// </summary>
internal sealed class EventFormatter
{
    public const string Header = "TIME     EVENT COMM             PID     PPID    FILENAME/EXIT CODE\n";

    // Time, event, comm (escaped), two numbers, the escaped filename or the exit code and duration, and newline.
    private const int MaxRowLength = 9 + 6 + 4 * 16 + 1 + 2 * 13 + 4 * 127 + 48 + 1;

    private readonly Func<DateTime> _now;
    private readonly byte[] _time = new byte[8];
    private long _cachedSecond = long.MinValue;

    /// <param name="now">Local wall-clock time; the seed calls time() and localtime() per event.</param>
    public EventFormatter(Func<DateTime> now) => _now = now;

    public void Write(IBufferWriter<byte> output, in Event e)
    {
        var span = output.GetSpan(MaxRowLength);
        var length = 0;
        Append(span, ref length, Time(), 8);
        Append(span, ref length, e.ExitEvent != 0 ? "EXIT "u8 : "EXEC "u8, 5);
        AppendEscaped(span, ref length, CString(e.Comm), 16);
        AppendNumber(span, ref length, e.Pid, 7);
        AppendNumber(span, ref length, e.ParentPid, 7);
        if (e.ExitEvent != 0)
        {
            span[length++] = (byte)'[';
            Utf8Formatter.TryFormat(e.ExitCode, span[length..], out var written);
            length += written;
            span[length++] = (byte)']';
            if (e.DurationNs != 0)
            {
                " ("u8.CopyTo(span[length..]);
                length += 2;
                Utf8Formatter.TryFormat(e.DurationNs / 1_000_000, span[length..], out written);
                length += written;
                "ms)"u8.CopyTo(span[length..]);
                length += 3;
            }
        }
        else
        {
            length += TerminalEscaper.Escape(CString(e.Filename), span[length..]);
        }
        span[length++] = (byte)'\n';
        output.Advance(length);
    }

    /// <summary>%-Ns followed by the separating space: the field, then spaces up to width, then one space.</summary>
    private static void Append(Span<byte> span, ref int length, ReadOnlySpan<byte> field, int width)
    {
        field.CopyTo(span[length..]);
        length += field.Length;
        for (var pad = field.Length; pad < width; pad++)
            span[length++] = (byte)' ';
        span[length++] = (byte)' ';
    }

    /// <summary>%-Ns of escaped text: the padding counts the bytes printed, as C counts the bytes of comm.</summary>
    private static void AppendEscaped(Span<byte> span, ref int length, ReadOnlySpan<byte> field, int width)
    {
        Span<byte> escaped = stackalloc byte[TerminalEscaper.MaxLength(16)];
        Append(span, ref length, escaped[..TerminalEscaper.Escape(field, escaped)], width);
    }

    private static void AppendNumber(Span<byte> span, ref int length, int value, int width)
    {
        Span<byte> digits = stackalloc byte[12];
        Utf8Formatter.TryFormat(value, digits, out var written);
        Append(span, ref length, digits[..written], width);
    }

    /// <summary>The bytes up to the first NUL, as %s prints them; bounded by the array when unterminated.</summary>
    private static ReadOnlySpan<byte> CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return end >= 0 ? field[..end] : field;
    }

    /// <summary>HH:MM:SS of local time, recomputed once a second rather than per event.</summary>
    private ReadOnlySpan<byte> Time()
    {
        var local = _now();
        var second = local.Ticks / TimeSpan.TicksPerSecond;
        if (second != _cachedSecond)
        {
            _cachedSecond = second;
            local.TryFormat(_time, out _, "HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        }
        return _time;
    }
}
