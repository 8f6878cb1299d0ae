using System.Buffers;
using ManagedBpf;
using ProcTracer.Bootstrap;
using ProcTracer.Text;

namespace ProcTracer.Lifecycle;

/// <summary>
/// Lifecycle records as bootstrap's rows: TIME EVENT COMM PID PPID and the file name or <c>[code] (Nms)</c>, in its
/// columns, for EXEC, EXIT, FAIL (a failed exec, <c>FILENAME [ERRNO]</c>) and TEXIT (a thread's end). With
/// <paramref name="extended"/>, KEY=VALUE fields follow on the same row (<see cref="ExtendedFields"/>); bootstrap's
/// columns stay first and unchanged.
/// </summary>
internal sealed class TextRecords(IBufferWriter<byte> output, RecordContext context, bool extended) : IRecordWriter
{
    private readonly LocalClock _clock = new();

    public void Start()
    {
        var header = EventFormatter.Header;
        var span = output.GetSpan(header.Length);
        System.Text.Encoding.ASCII.GetBytes(header, span);
        output.Advance(header.Length);
    }

    public void Exec(in ExecRecord record, ReadOnlySpan<byte> strings)
    {
        var view = ExecView.Parse(record, strings, context.Scratch(strings.Length + 2));
        var row = Begin(record.Header, "EXEC"u8, 1024 + 12 * strings.Length);
        row.Escaped(view.Filename);
        if (extended)
            ExtendedFields.Exec(ref row, record, view, context);
        End(ref row);
    }

    public void Exit(in ExitRecord record)
    {
        var thread = record.Header.Type == RecordType.ThreadExit;
        var row = Begin(record.Header, thread ? "TEXIT"u8 : "EXIT"u8, 1024);
        var status = new ExitStatus(record.Status);
        row.Append((byte)'[');
        row.Number((ulong)status.Code);
        row.Append((byte)']');
        if ((record.Header.Flags & RecordFlags.ExecTime) != 0 && record.Header.TimeNs != record.ExecNs)
        {
            // Bootstrap's duration: since the exec it saw, in whole milliseconds, left out when unknown.
            row.Append(" ("u8);
            row.Number((record.Header.TimeNs - record.ExecNs) / 1_000_000);
            row.Append("ms)"u8);
        }
        if (extended)
            ExtendedFields.Exit(ref row, record, context);
        End(ref row);
    }

    public void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename)
    {
        var row = Begin(record.Header, "FAIL"u8, 1024 + 4 * filename.Length);
        row.Escaped(filename);
        row.Append(" ["u8);
        row.Append(System.Text.Encoding.ASCII.GetBytes(ErrnoName((Errno)record.Error)));
        row.Append((byte)']');
        if (extended)
            ExtendedFields.ExecFailed(ref row, record, context);
        End(ref row);
    }

    /// <summary>Text output reports losses on stderr, as the default mode does.</summary>
    public void Lost(ulong count, ulong total)
    {
    }

    /// <summary>ENOENT, or the number for an errno the library does not name.</summary>
    public static string ErrnoName(Errno errno) => Enum.IsDefined(errno) ? errno.ToString() : $"errno {(int)errno}";

    private Row Begin(in RecordHeader header, ReadOnlySpan<byte> kind, int capacity)
    {
        var row = new Row(output.GetSpan(capacity));
        var time = context.Clock.RecordTime(header.TimeNs);
        row.Column(_clock.FormatUnix(time), 8);
        row.Column(kind, 5);
        row.EscapedColumn(Row.CString(header.Comm), 16);
        row.NumberColumn(header.Pid, 7);
        row.NumberColumn(header.ParentPid, 7);
        return row;
    }

    private void End(ref Row row)
    {
        row.Append((byte)'\n');
        output.Advance(row.Length);
    }
}
