using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ProcTracer.Text;

namespace ProcTracer.Lifecycle;

/// <summary>
/// --summary: what the records shown add up to, printed at exit: the commands exec'd most, the exit codes and the
/// signals processes ended by, and a log2 histogram of process lifetimes (fork to the end of the last thread) in
/// the layout of bcc's histograms.
/// </summary>
internal sealed class Summary
{
    private const int Top = 10;
    private const int BarWidth = 40;

    private readonly Dictionary<UInt128, long> _execs = [];
    private readonly Dictionary<uint, long> _codes = [];
    private readonly Dictionary<int, long> _signals = [];
    private readonly long[] _lifetimes = new long[64];
    private long _failed;

    public void Exec(in ExecRecord record)
    {
        var comm = MemoryMarshal.Read<UInt128>(record.Header.Comm);
        _execs[comm] = _execs.GetValueOrDefault(comm) + 1;
    }

    public void Exit(in ExitRecord record)
    {
        if (record.Header.Type != RecordType.Exit)
            return;
        var status = new ExitStatus(record.Status);
        if (status.Signaled)
            _signals[status.Signal] = _signals.GetValueOrDefault(status.Signal) + 1;
        else
            _codes[status.Code] = _codes.GetValueOrDefault(status.Code) + 1;
        var micros = (record.Header.TimeNs - record.Header.StartNs) / 1000;
        _lifetimes[micros == 0 ? 0 : 64 - ulong.LeadingZeroCount(micros)]++;
    }

    public void ExecFailed() => _failed++;

    /// <summary>The summary as text.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        text.Append("\nTop commands by execs:\n    COUNT COMM\n");
        foreach (var (comm, count) in _execs.OrderByDescending(e => e.Value).ThenBy(e => Name(e.Key), StringComparer.Ordinal).Take(Top))
            text.Append(CultureInfo.InvariantCulture, $"{count,9} {Name(comm)}\n");
        if (_failed > 0)
            text.Append(CultureInfo.InvariantCulture, $"{_failed,9} failed execs\n");
        text.Append("\nExit codes:\n    COUNT CODE\n");
        foreach (var (code, count) in _codes.OrderByDescending(c => c.Value).ThenBy(c => c.Key))
            text.Append(CultureInfo.InvariantCulture, $"{count,9} {code}\n");
        text.Append("\nSignals:\n    COUNT SIGNAL\n");
        foreach (var (signal, count) in _signals.OrderByDescending(s => s.Value).ThenBy(s => s.Key))
            text.Append(CultureInfo.InvariantCulture, $"{count,9} {SignalNames.Name(signal)}\n");
        text.Append("\nLifetimes (fork to exit):\n");
        Histogram(text);
        return text.ToString();
    }

    /// <summary>Bucket i holds lifetimes of 2^(i-1) to 2^i - 1 microseconds (bucket 0: under one).</summary>
    private void Histogram(StringBuilder text)
    {
        var last = Array.FindLastIndex(_lifetimes, c => c > 0);
        var peak = Math.Max(1, _lifetimes.Max());
        text.Append("               usecs              : count    distribution\n");
        for (var i = 0; i <= last; i++)
        {
            var low = i == 0 ? 0UL : 1UL << (i - 1);
            var high = (1UL << i) - 1;
            var stars = new string('*', (int)(_lifetimes[i] * BarWidth / peak));
            text.Append(CultureInfo.InvariantCulture, $"{low,20} -> {high,-20} : {_lifetimes[i],-8} |{stars,-BarWidth}|\n");
        }
    }

    private static string Name(UInt128 comm)
    {
        Span<byte> bytes = stackalloc byte[16];
        MemoryMarshal.Write(bytes, comm);
        var name = Row.CString(bytes);
        Span<byte> escaped = stackalloc byte[Row.EscapedLength(16)];
        return Encoding.UTF8.GetString(escaped[..TerminalEscaper.Escape(name, escaped)]);
    }
}
