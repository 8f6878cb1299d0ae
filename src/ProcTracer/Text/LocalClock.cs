using System.Globalization;

namespace ProcTracer.Text;

/// <summary>
/// HH:MM:SS of local time, as bootstrap's strftime("%H:%M:%S", localtime(&amp;t)) prints it, formatted once a second
/// rather than per row. (glibc's localtime() re-reads /etc/localtime on every call when TZ is unset: about a quarter
/// of the C tool's time per event.)
/// </summary>
internal sealed class LocalClock
{
    private readonly byte[] _text = new byte[8];
    private long _localSecond = long.MinValue;
    private long _unixSecond = long.MinValue;
    private DateTime _unixLocal;

    /// <summary>HH:MM:SS of a local time.</summary>
    public ReadOnlySpan<byte> Format(DateTime local)
    {
        var second = local.Ticks / TimeSpan.TicksPerSecond;
        if (second != _localSecond)
        {
            _localSecond = second;
            local.TryFormat(_text, out _, "HH:mm:ss", CultureInfo.InvariantCulture);
        }
        return _text;
    }

    /// <summary>HH:MM:SS, in local time, of a time given in nanoseconds since the Unix epoch.</summary>
    public ReadOnlySpan<byte> FormatUnix(long unixNanoseconds)
    {
        var second = unixNanoseconds / 1_000_000_000;
        if (second != _unixSecond)
        {
            _unixSecond = second;
            _unixLocal = DateTimeOffset.FromUnixTimeSeconds(second).LocalDateTime;
        }
        return Format(_unixLocal);
    }
}
