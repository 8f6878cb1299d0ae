using System.Buffers.Binary;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Maps;

public class MapTests
{
    [KernelFact]
    public void HashMapUpdateLookupDelete()
    {
        using var map = BpfMap.Create(new MapSpec("test_hash", MapType.Hash, 4, 8, 16));
        Assert.True(map.Id > 0);
        Assert.Equal(MapType.Hash, map.Type);

        map.Update(7u, 42ul);
        Assert.True(map.TryLookup(7u, out ulong value));
        Assert.Equal(42ul, value);
        Assert.False(map.TryLookup(8u, out ulong _));

        Assert.True(map.Delete(7u));
        Assert.False(map.Delete(7u));
        Assert.False(map.TryLookup(7u, out ulong _));
    }

    [KernelFact]
    public void ByteSpanOperationsAndUpdateFlags()
    {
        using var map = BpfMap.Create(new MapSpec("test_flags", MapType.Hash, 4, 4, 4));
        Span<byte> key = stackalloc byte[4];
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(key, 1);
        BinaryPrimitives.WriteUInt32LittleEndian(value, 100);
        map.Update(key, value, MapUpdateFlags.NoExist);

        var again = Assert.Throws<BpfSyscallException>(() => map.Update(1u, 5u, MapUpdateFlags.NoExist));
        Assert.Equal(Errno.EEXIST, again.Errno);
        Assert.Contains("BPF_MAP_UPDATE_ELEM", again.Message);
        Assert.Contains("test_flags", again.Message);

        var absent = Assert.Throws<BpfSyscallException>(() => map.Update(2u, 5u, MapUpdateFlags.Exist));
        Assert.Equal(Errno.ENOENT, absent.Errno);

        Span<byte> read = stackalloc byte[4];
        Assert.True(map.TryLookup(key, read));
        Assert.Equal(100u, BinaryPrimitives.ReadUInt32LittleEndian(read));
        Assert.Throws<ArgumentException>(() => map.Update(1ul, 5u));
    }

    [KernelFact]
    public void ArrayMapHasEveryKeyAndRejectsOutOfRange()
    {
        using var map = BpfMap.Create(new MapSpec("test_array", MapType.Array, 4, 8, 4));
        Assert.True(map.TryLookup(3u, out ulong zero));
        Assert.Equal(0ul, zero);
        map.Update(3u, 9ul);
        Assert.True(map.TryLookup(3u, out ulong nine));
        Assert.Equal(9ul, nine);
        Assert.False(map.TryLookup(4u, out ulong _));
        Assert.Equal([0u, 1u, 2u, 3u], map.Keys<uint>().ToArray());
    }

    [KernelFact]
    public void PerCpuArrayValuesSpanEveryPossibleCpu()
    {
        using var map = BpfMap.Create(new MapSpec("test_percpu", MapType.PerCpuArray, 4, 4, 1));
        Assert.Equal(8 * PossibleCpus.Count, map.ValueBufferSize);
        var values = new byte[map.ValueBufferSize];
        values[0] = 1;
        map.Update(BitConverter.GetBytes(0u), values);
        var read = new byte[map.ValueBufferSize];
        Assert.True(map.TryLookup(BitConverter.GetBytes(0u), read));
        Assert.Equal(values, read);
    }

    [KernelFact]
    public void InitialValueIsWrittenAndFreezeBlocksUserWrites()
    {
        var spec = new MapSpec(".rodata", MapType.Array, 4, 8, 1, MapFlags.ReadOnlyProgram)
        {
            InitialValue = BitConverter.GetBytes(0x1122334455667788ul),
            Freeze = true,
        };
        using var map = BpfMap.Create(spec);
        Assert.True(map.TryLookup(0u, out ulong value));
        Assert.Equal(0x1122334455667788ul, value);
        var frozen = Assert.Throws<BpfSyscallException>(() => map.Update(0u, 1ul));
        Assert.Equal(Errno.EPERM, frozen.Errno);
    }

    [KernelFact]
    public void RingBufferMapIsCreated()
    {
        using var map = BpfMap.Create(new MapSpec("test_rb", MapType.RingBuf, 0, 0, 4096));
        Assert.True(map.Id > 0);
        Assert.Equal(4096u, map.MaxEntries);
    }

    [KernelFact]
    public void LongNamesAreTruncatedForTheKernel()
    {
        using var map = BpfMap.Create(new MapSpec("a_really_long_map_name", MapType.Array, 4, 4, 1));
        var info = default(MapInfo);
        BpfSyscall.GetInfo(map.Fd, ref info, map.Name);
        unsafe
        {
            Assert.Equal("a_really_long_m", ObjectName.Decode(new ReadOnlySpan<byte>(info.Name, 16)));
        }
    }

    [KernelFact]
    public void InvalidSpecFailsWithErrnoAndName()
    {
        var error = Assert.Throws<BpfSyscallException>(() => BpfMap.Create(new MapSpec("bad_rb", MapType.RingBuf, 0, 0, 1000)));
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Equal("BPF_MAP_CREATE", error.Operation);
        Assert.Equal("bad_rb", error.ObjectName);
    }

    [KernelFact]
    public void DisposeClosesTheFd()
    {
        var map = BpfMap.Create(new MapSpec("test_close", MapType.Array, 4, 4, 1));
        map.Dispose();
        Assert.True(map.Fd.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => map.TryLookup(0u, out uint _));
    }
}
