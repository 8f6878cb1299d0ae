using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Maps;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Btf;

public class BtfHandleTests
{
    private static byte[] IntBtf(uint kind = 1)
    {
        var btf = new TestBtf();
        if (kind == 1)
            btf.Int("int", 4);
        else
            btf.Raw(kind);
        return btf.Build();
    }

    [KernelFact]
    public void LoadsBtfAndGivesItsId()
    {
        using var btf = BtfHandle.Load(IntBtf());
        Assert.True(btf.Id > 0);
        Assert.False(btf.Fd.IsInvalid);
        Assert.Null(btf.Log);
    }

    [KernelFact]
    public void KeepsTheLogWhenAsked()
    {
        using var btf = BtfHandle.Load(IntBtf(), logLevel: 1);
        Assert.NotNull(btf.Log);
    }

    [KernelFact]
    public void RejectionCarriesTheBtfLog()
    {
        var error = Assert.Throws<BpfVerifierException>(() => BtfHandle.Load(IntBtf(kind: 31)));
        Assert.Equal("BPF_BTF_LOAD", error.Operation);
        Assert.Equal("btf", error.ObjectName);
        Assert.Contains("kind", error.Log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(error.LogLines[^1], error.Message);
    }

    [KernelFact]
    public void MapCarriesBtfKeyAndValueTypes()
    {
        using var btf = BtfHandle.Load(IntBtf());
        var spec = new MapSpec("btf_hash", MapType.Hash, 4, 4, 4) { BtfKeyTypeId = 1, BtfValueTypeId = 1 };
        using var map = BpfMap.Create(spec, btf);
        var info = default(MapInfo);
        BpfSyscall.GetInfo(map.Fd, ref info, map.Name);
        Assert.Equal(btf.Id, info.BtfId);
        Assert.Equal(1u, info.BtfKeyTypeId);
        Assert.Equal(1u, info.BtfValueTypeId);
    }

    [KernelFact]
    public void RingBufferIgnoresBtfTypes()
    {
        using var btf = BtfHandle.Load(IntBtf());
        var spec = new MapSpec("btf_rb", MapType.RingBuf, 0, 0, 4096) { BtfKeyTypeId = 1, BtfValueTypeId = 1 };
        using var map = BpfMap.Create(spec, btf);
        var info = default(MapInfo);
        BpfSyscall.GetInfo(map.Fd, ref info, map.Name);
        Assert.Equal(0u, info.BtfKeyTypeId);
    }
}
