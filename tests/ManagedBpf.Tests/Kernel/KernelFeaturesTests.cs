using ManagedBpf.Btf;
using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

/// <summary>The BTF probes <see cref="KernelFeatures"/> loads, and what they find on the running kernel.</summary>
public class KernelFeaturesTests
{
    [KernelFact]
    public void ThisKernelSupportsEveryBtfFeature() => Assert.Equal(BtfFeatures.All, KernelFeatures.Btf);

    [Fact]
    public void EveryProbeIsWellFormedBtf()
    {
        foreach (var (feature, blob) in BtfProbes.All())
            Assert.True(BtfSpec.Parse(blob).TypeCount > 1, feature.ToString());
    }
}
