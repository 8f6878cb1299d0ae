using System.Buffers;
using ProcTracer.Text;

namespace ProcTracer.Bootstrap;

/// <summary>
/// Writes rows exactly as bootstrap's printf calls do — <c>"%-8s %-5s %-16s %-7d %-7d %s\n"</c> for EXEC and
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
    private readonly LocalClock _clock = new();

    /// <param name="now">Local wall-clock time; bootstrap calls time() and localtime() per event.</param>
    public EventFormatter(Func<DateTime> now) => _now = now;

    public void Write(IBufferWriter<byte> output, in Event e)
    {
        var row = new Row(output.GetSpan(MaxRowLength));
        row.Column(_clock.Format(_now()), 8);
        row.Column(e.ExitEvent ? "EXIT"u8 : "EXEC"u8, 5);
        row.EscapedColumn(Row.CString(e.Comm), 16);
        row.NumberColumn(e.Pid, 7);
        row.NumberColumn(e.Ppid, 7);
        if (e.ExitEvent)
        {
            row.Append((byte)'[');
            row.Number((ulong)e.ExitCode);
            row.Append((byte)']');
            if (e.DurationNs != 0)
            {
                row.Append(" ("u8);
                row.Number(e.DurationNs / 1_000_000);
                row.Append("ms)"u8);
            }
        }
        else
        {
            row.Escaped(Row.CString(e.Filename));
        }
        row.Append((byte)'\n');
        output.Advance(row.Length);
    }
}
