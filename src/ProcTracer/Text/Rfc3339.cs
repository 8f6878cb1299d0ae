using System.Buffers;
using System.Buffers.Text;
using System.Globalization;

namespace ProcTracer.Text;

/// <summary>
/// RFC 3339 times in UTC with nanoseconds (<c>2026-11-30T04:12:33.123456789Z</c>), from nanoseconds since the Unix
/// epoch; the date and time of day are formatted once a second.
/// </summary>
internal sealed class Rfc3339
{
    /// <summary>Bytes of every time written: 19 for the seconds, a dot, 9 digits, Z.</summary>
    public const int Length = 30;

    private readonly byte[] _seconds = new byte[19];
    private long _second = long.MinValue;

    /// <summary>Writes the time into <paramref name="destination"/> (at least <see cref="Length"/> bytes).</summary>
    public void Write(long unixNanoseconds, Span<byte> destination)
    {
        var second = Math.DivRem(unixNanoseconds, 1_000_000_000, out var nanoseconds);
        if (nanoseconds < 0)
        {
            second--;
            nanoseconds += 1_000_000_000;
        }
        if (second != _second)
        {
            _second = second;
            DateTimeOffset.FromUnixTimeSeconds(second).UtcDateTime.TryFormat(_seconds, out _, "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        }
        _seconds.CopyTo(destination);
        destination[19] = (byte)'.';
        Utf8Formatter.TryFormat(nanoseconds, destination[20..], out _, new StandardFormat('D', 9));
        destination[29] = (byte)'Z';
    }
}
