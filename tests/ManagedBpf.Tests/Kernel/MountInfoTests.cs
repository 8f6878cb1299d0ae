using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

public class MountInfoTests
{
    private const string Fresh = """
        22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/vda rw
        23 22 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:2 - proc proc rw
        24 22 0:23 / /sys rw,nosuid,nodev,noexec,relatime shared:3 - sysfs sysfs rw
        """;

    [Fact]
    public void NoTracefsOnAFreshMachine() => Assert.Null(MountInfo.FindTracefs(Fresh));

    [Fact]
    public void FindsTracefsWithOptionalFields()
    {
        var text = Fresh + "\n30 24 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:7 master:2 - tracefs nodev rw\n";
        Assert.Equal("/sys/kernel/tracing", MountInfo.FindTracefs(text));
    }

    [Fact]
    public void FindsTracefsWithoutOptionalFields()
    {
        var text = Fresh + "\n31 24 0:12 / /sys/kernel/tracing rw,relatime - tracefs nodev rw\n";
        Assert.Equal("/sys/kernel/tracing", MountInfo.FindTracefs(text));
    }

    [Fact]
    public void FallsBackToDebugfsTracing()
    {
        var text = Fresh + "\n32 24 0:7 / /sys/kernel/debug rw,relatime shared:9 - debugfs debugfs rw\n";
        Assert.Equal("/sys/kernel/debug/tracing", MountInfo.FindTracefs(text));
    }

    [Fact]
    public void PrefersTracefsOverDebugfs()
    {
        var text = Fresh + "\n32 24 0:7 / /sys/kernel/debug rw - debugfs debugfs rw\n33 24 0:12 / /mnt/t rw - tracefs nodev rw";
        Assert.Equal("/mnt/t", MountInfo.FindTracefs(text));
    }

    [Fact]
    public void DecodesOctalEscapes()
    {
        var entries = MountInfo.Parse(@"40 22 0:12 / /mnt/my\040trace\134dir rw - tracefs nodev rw");
        Assert.Equal(@"/mnt/my trace\dir", Assert.Single(entries).MountPoint);
    }

    [Fact]
    public void SkipsMalformedLines()
    {
        var entries = MountInfo.Parse("garbage\n41 22 0:12 / /t rw - tracefs nodev rw\n1 2 3\n");
        Assert.Equal("tracefs", Assert.Single(entries).FileSystemType);
    }
}
