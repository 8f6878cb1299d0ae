using System.Buffers.Binary;
using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

[Trait("Category", "Kernel")]
public class BtfHandleTests
{
    // BTF_KIND_INT (1) "int", 4 bytes, signed 32 bits: the smallest useful blob.
    private static byte[] IntBtf(uint kind = 1)
    {
        var strings = "\0int\0"u8.ToArray();
        var types = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(types.AsSpan(0), 1);           // name_off
        BinaryPrimitives.WriteUInt32LittleEndian(types.AsSpan(4), kind << 24);  // info: kind, vlen 0
        BinaryPrimitives.WriteUInt32LittleEndian(types.AsSpan(8), 4);           // size
        BinaryPrimitives.WriteUInt32LittleEndian(types.AsSpan(12), (1u << 24) | 32); // BTF_INT_SIGNED, 32 bits
        var header = new byte[24];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0), 0xeb9f);
        header[2] = 1;                                                           // version
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 24);          // hdr_len
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 0);           // type_off
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)types.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)types.Length); // str_off
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)strings.Length);
        return [.. header, .. types, .. strings];
    }

    [Fact]
    public void LoadsBtfAndGivesItsId()
    {
        using var btf = BtfHandle.Load(IntBtf());
        Assert.True(btf.Id > 0);
        Assert.False(btf.Fd.IsInvalid);
        Assert.Null(btf.Log);
    }

    [Fact]
    public void KeepsTheLogWhenAsked()
    {
        using var btf = BtfHandle.Load(IntBtf(), logLevel: 1);
        Assert.NotNull(btf.Log);
    }

    [Fact]
    public void RejectionCarriesTheBtfLog()
    {
        var error = Assert.Throws<BpfSyscallException>(() => BtfHandle.Load(IntBtf(kind: 31)));
        Assert.Equal("BPF_BTF_LOAD", error.Operation);
        var log = Assert.IsType<string>(error.Data["BtfLog"]);
        Assert.Contains("kind", log, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("BTF log", error.Message);
    }

    [Fact]
    public void MapCarriesBtfKeyAndValueTypes()
    {
        using var btf = BtfHandle.Load(IntBtf());
        var spec = new MapSpec("btf_hash", MapType.Hash, 4, 4, 4) { BtfKeyTypeId = 1, BtfValueTypeId = 1 };
        using var map = BpfMap.Create(spec, btf);
        var info = default(MapInfo);
        BpfSyscall.GetInfo(map.Handle, ref info, map.Name);
        Assert.Equal(btf.Id, info.BtfId);
        Assert.Equal(1u, info.BtfKeyTypeId);
        Assert.Equal(1u, info.BtfValueTypeId);
    }

    [Fact]
    public void RingBufferIgnoresBtfTypes()
    {
        using var btf = BtfHandle.Load(IntBtf());
        var spec = new MapSpec("btf_rb", MapType.RingBuf, 0, 0, 4096) { BtfKeyTypeId = 1, BtfValueTypeId = 1 };
        using var map = BpfMap.Create(spec, btf);
        var info = default(MapInfo);
        BpfSyscall.GetInfo(map.Handle, ref info, map.Name);
        Assert.Equal(0u, info.BtfKeyTypeId);
    }
}
