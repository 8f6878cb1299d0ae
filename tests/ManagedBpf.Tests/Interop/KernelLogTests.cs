using ManagedBpf.Interop;
using Xunit;

namespace ManagedBpf.Tests.Interop;

public class KernelLogTests
{
    [Theory]
    [InlineData(1024u, 0u, 2048u)]        // pre-6.4 kernels report no true size: double
    [InlineData(1024u, 5000u, 5000u)]     // trust log_true_size
    [InlineData(1024u, 100u, 2048u)]      // a true size below the buffer is not an answer
    [InlineData(KernelLog.MaxSize / 2 + 1, 0u, KernelLog.MaxSize)]
    public void GrowsTowardsTheKernelsAnswer(uint current, uint trueSize, uint expected) =>
        Assert.Equal(expected, KernelLog.Grow(current, trueSize));

    [Fact]
    public void StopsAtTheKernelLimit() => Assert.Null(KernelLog.Grow(KernelLog.MaxSize, 0));

    [Fact]
    public void DecodesUpToNul() => Assert.Equal("ok", KernelLog.Decode("ok\0garbage"u8));
}
