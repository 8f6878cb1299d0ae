using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>
/// A map type the kernel lacks is reported as such (a BPF ring buffer on a kernel before 5.8, say), not as the bare
/// EINVAL BPF_MAP_CREATE gives for it. This kernel has every type, so a type number no kernel has stands in.
/// </summary>
public class MapTypeSupportTests
{
    [KernelFact]
    public void AMapTypeTheKernelLacksIsNotSupportedNotInvalid()
    {
        const MapType Unknown = (MapType)200;
        var e = Assert.Throws<BpfNotSupportedException>(() => BpfMap.Create(new MapSpec("future", Unknown, 4, 4, 1)));
        Assert.Equal("map 'future': map type 200", e.Feature);
        Assert.Null(e.MinimumKernel);
        Assert.Equal(Errno.EINVAL, Assert.IsType<BpfSyscallException>(e.InnerException).Errno);
        Assert.Equal(false, MapTypeSupport.IsSupported(Unknown));
    }

    [KernelFact]
    public void BadAttributesOfAKnownTypeStayASyscallError()
    {
        var e = Assert.Throws<BpfSyscallException>(() => BpfMap.Create(new MapSpec("bad", MapType.RingBuf, 0, 0, 3)));
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal(true, MapTypeSupport.IsSupported(MapType.RingBuf));
    }

    [KernelTheory]
    [InlineData(MapType.Hash)]
    [InlineData(MapType.PerCpuArray)]
    [InlineData(MapType.LpmTrie)]
    [InlineData(MapType.Queue)]
    [InlineData(MapType.BloomFilter)]
    [InlineData(MapType.StackTrace)]
    [InlineData(MapType.UserRingBuf)]
    public void TheProbeKnowsWhatThisKernelHas(MapType type) => Assert.Equal(true, MapTypeSupport.IsSupported(type));

    [Fact]
    public void EveryMapTypeHasItsUapiNameAndFirstRelease()
    {
        foreach (var type in Enum.GetValues<MapType>().Where(t => t != MapType.Unspecified))
        {
            Assert.StartsWith("BPF_MAP_TYPE_", MapTypeInfo.UapiName(type));
            Assert.Matches(@"^\d+\.\d+$", MapTypeInfo.MinimumKernel(type));
        }
        Assert.Equal("5.8", MapTypeInfo.MinimumKernel(MapType.RingBuf));
    }
}
