using ManagedBpf.Maps;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>Maps of kernel objects: map-in-map, program arrays, XDP redirect maps (devices, CPUs, AF_XDP sockets).</summary>
public class ObjectMapTests
{
    [KernelTheory]
    [InlineData("array_of_maps")]
    [InlineData("hash_of_maps")]
    public void AMapOfMapsStoresMapsAndAnswersTheirIds(string name)
    {
        using var obj = MapTypesObject.Load();
        var outer = obj.Maps[name];
        using var inner = BpfMap.Create(obj.Spec.Maps[name].InnerMap!);
        inner.Update(0u, 42u);
        outer.UpdateFd(1u, inner.Fd);
        Assert.True(outer.TryLookup(1u, out uint id));
        Assert.Equal(inner.Id, id);
        using (var opened = outer.TryOpenInnerMap(1u))
        {
            Assert.NotNull(opened);
            Assert.True(opened.TryLookup(0u, out uint value));
            Assert.Equal(42u, value);
        }
        Assert.Contains(1u, outer.Keys<uint>());

        // The template says ARRAY of u32 values: a map of another value size does not fit.
        using var misfit = BpfMap.Create(new MapSpec("misfit", MapType.Array, 4, 8, 1));
        Assert.Equal(Errno.EINVAL, Assert.Throws<BpfSyscallException>(() => outer.UpdateFd(0u, misfit.Fd)).Errno);

        Assert.True(outer.Delete(1u));
        Assert.Null(outer.TryOpenInnerMap(1u));
        Assert.Throws<InvalidOperationException>(() => obj.Maps["hash"].TryOpenInnerMap(1u));
    }

    [KernelFact]
    public void AProgramArrayStoresProgramsAndAnswersTheirIds()
    {
        using var obj = MapTypesObject.Load();
        var array = obj.Maps["prog_array"];
        var program = obj.Programs["record_stack"];
        array.UpdateFd(0u, program.Fd);
        Assert.True(array.TryLookup(0u, out uint id));
        Assert.Equal(program.Id, id);
        Assert.False(array.TryLookup(1u, out uint _));
        Assert.Equal([0u, 1u], array.Keys<uint>().ToArray());
        Assert.True(array.Delete(0u));
        Assert.False(array.TryLookup(0u, out uint _));
        Assert.Throws<ArgumentException>(() => obj.Maps["hash"].UpdateFd(0u, program.Fd));
    }

    [KernelFact]
    public void ADevmapHoldsInterfaces()
    {
        using var obj = MapTypesObject.Load();
        var devmap = obj.Maps["devmap"];
        const uint Loopback = 1;
        devmap.Update(2u, Loopback);
        Assert.True(devmap.TryLookup(2u, out uint ifindex));
        Assert.Equal(Loopback, ifindex);
        Assert.False(devmap.TryLookup(1u, out uint _));
        // A DEVMAP walks like an array: every index is a key, set or not (dev_map_get_next_key).
        Assert.Equal([0u, 1, 2, 3], devmap.Keys<uint>().ToArray());
        Assert.True(devmap.Delete(2u));
        Assert.False(devmap.TryLookup(2u, out uint _));
        // No interface has that index.
        Assert.Equal(Errno.EINVAL, Assert.Throws<BpfSyscallException>(() => devmap.Update(0u, uint.MaxValue)).Errno);
    }

    [KernelFact]
    public void ACpumapHoldsQueueSizes()
    {
        using var obj = MapTypesObject.Load();
        var cpumap = obj.Maps["cpumap"];
        cpumap.Update(0u, 192u);
        Assert.True(cpumap.TryLookup(0u, out uint queueSize));
        Assert.Equal(192u, queueSize);
        Assert.Contains(0u, cpumap.Keys<uint>());
        Assert.True(cpumap.Delete(0u));
        Assert.False(cpumap.TryLookup(0u, out uint _));
    }

    [KernelFact]
    public void AnXskmapHoldsXdpSocketsButDoesNotShowThem()
    {
        using var obj = MapTypesObject.Load();
        var xskmap = obj.Maps["xskmap"];
        using var socket = TestSyscalls.XdpSocket();
        using var other = TestSyscalls.XdpSocket();
        xskmap.UpdateFd(1u, socket);
        Assert.Equal(Errno.EEXIST, Assert.Throws<BpfSyscallException>(() => xskmap.UpdateFd(1u, other, ManagedBpf.Maps.MapUpdateFlags.NoExist)).Errno);
        // An XSKMAP walks like an array (xsk_map_get_next_key), and a socket has no id to give user space
        // (xsk_map_lookup_elem_sys_only).
        Assert.Equal([0u, 1u], xskmap.Keys<uint>().ToArray());
        Assert.Equal(Errno.EOPNOTSUPP, Assert.Throws<BpfSyscallException>(() => xskmap.TryLookup(1u, out uint _)).Errno);
        Assert.True(xskmap.Delete(1u));
        Assert.Equal(Errno.ENOENT, Assert.Throws<BpfSyscallException>(() => xskmap.UpdateFd(1u, socket, ManagedBpf.Maps.MapUpdateFlags.Exist)).Errno);
    }
}
