using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

public class BootClockTests
{
    /// <summary>The boot clock counts from boot: /proc/uptime says how long ago that was (in 10 ms steps, and uptime stops
    /// in suspend where the boot clock does not, so the boot clock is never behind it).</summary>
    [Fact]
    public void CountsFromBootAsUptimeDoes()
    {
        var uptime = double.Parse(File.ReadAllText("/proc/uptime").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var boot = BootClock.Now / 1e9;
        Assert.InRange(boot - uptime, -0.02, double.MaxValue);
    }

    [Fact]
    public void TheOffsetTurnsNowIntoTheWallClock()
    {
        var wall = BootClock.ToUnixTimeNanoseconds((ulong)BootClock.Now, BootClock.UnixEpochOffset());
        var expected = (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
        Assert.InRange(Math.Abs(wall - expected), 0, 1_000_000_000);
    }
}
