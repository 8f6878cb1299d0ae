using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

public class KernelVersionTests
{
    [Theory]
    [InlineData("6.18.44-fc-v782", 0x6122c)]
    [InlineData("5.15.0", 0x50f00)]
    [InlineData("4.19.300-amd64", 0x413ff)] // KERNEL_VERSION saturates the patch level at 255
    public void AReleaseStringBecomesKERNELVERSION(string release, uint expected) =>
        Assert.Equal(expected, KernelVersion.Parse(release));

    [Theory]
    [InlineData("6.18")]
    [InlineData("6.x.1")]
    [InlineData("")]
    public void AStringWithoutThreeNumbersIsNoVersion(string release) =>
        Assert.Null(KernelVersion.Parse(release));

    [Fact]
    public void TheRunningKernelHasAVersionMatchingItsRelease()
    {
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var parts = release.Split('.', '-');

        Assert.Equal(KernelVersion.Parse(release), KernelVersion.Code());
        Assert.Equal(uint.Parse(parts[0]), KernelVersion.Code() >> 16);
    }
}
