using System.Net.Sockets;
using ManagedBpf.Kernel;
using ManagedBpf.Programs;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>
/// Storage maps: local storage keyed by its owner's fd (socket, file, task, cgroup), and the cgroup storage of a
/// cgroup program, keyed by the cgroup id once the program is attached.
/// </summary>
public class StorageMapTests
{
    [KernelFact]
    public void SocketStorageFollowsTheSocket()
    {
        using var obj = MapTypesObject.Load();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        AssertOwnerOperations(obj.Maps["sk_storage"], socket.SafeHandle);
    }

    [KernelFact]
    public void InodeStorageFollowsTheFile()
    {
        using var obj = MapTypesObject.Load();
        var path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path);
            AssertOwnerOperations(obj.Maps["inode_storage"], file);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [KernelFact]
    public void TaskStorageFollowsThePidfd()
    {
        using var obj = MapTypesObject.Load();
        using var pidfd = TestSyscalls.PidFd();
        AssertOwnerOperations(obj.Maps["task_storage"], pidfd);
    }

    [KernelFact]
    public void CgroupLocalStorageFollowsTheCgroupDirectory()
    {
        using var obj = MapTypesObject.Load();
        using var cgroup = new TestCgroup();
        AssertOwnerOperations(obj.Maps["cgrp_storage"], cgroup.Fd);
    }

    [KernelFact]
    public void CgroupStorageHasOneElementPerAttachedCgroup()
    {
        using var obj = MapTypesObject.Load();
        var shared = obj.Maps["cgroup_storage"];
        var perCpu = obj.Maps["percpu_cgroup_storage"];
        Assert.Empty(shared.Keys<ulong>());
        using var cgroup = new TestCgroup();
        cgroup.Attach(obj.Programs["count_egress"], AttachType.CgroupInetEgress);

        Assert.Equal([cgroup.Id], shared.Keys<ulong>().ToArray());
        Assert.True(shared.TryLookup(cgroup.Id, out ulong packets));
        shared.Update(cgroup.Id, packets + 41);
        Assert.True(shared.TryLookup(cgroup.Id, out ulong updated));
        Assert.Equal(packets + 41, updated);
        Assert.False(shared.TryLookup(cgroup.Id + 1, out ulong _));
        // The element lives as long as the attachment: user space cannot delete it.
        Assert.Equal(Errno.EINVAL, Assert.Throws<BpfSyscallException>(() => shared.Delete(cgroup.Id)).Errno);

        Assert.Equal([cgroup.Id], perCpu.Keys<ulong>().ToArray());
        var values = Enumerable.Range(0, PossibleCpus.Count).Select(cpu => 1000ul + (ulong)cpu).ToArray();
        perCpu.UpdatePerCpu<ulong, ulong>(cgroup.Id, values);
        Assert.Equal(values, perCpu.LookupPerCpu<ulong, ulong>(cgroup.Id));
    }

    private static void AssertOwnerOperations(ManagedBpf.Maps.BpfMap map, System.Runtime.InteropServices.SafeHandle owner)
    {
        Assert.False(map.TryLookup(owner, out ulong _));
        map.Update(owner, 17ul);
        Assert.True(map.TryLookup(owner, out ulong value));
        Assert.Equal(17ul, value);
        map.Update(owner, 18ul, ManagedBpf.Maps.MapUpdateFlags.Exist);
        Assert.True(map.TryLookup(owner, out ulong replaced));
        Assert.Equal(18ul, replaced);
        Assert.Equal(Errno.EEXIST, Assert.Throws<BpfSyscallException>(() => map.Update(owner, 19ul, ManagedBpf.Maps.MapUpdateFlags.NoExist)).Errno);
        Assert.True(map.Delete(owner));
        Assert.False(map.Delete(owner));
        // Local storage is reached through its owner only: there is no key to walk.
        Assert.True(Assert.Throws<BpfSyscallException>(() => map.Keys<int>().ToArray()).Errno is Errno.ENOTSUPP or Errno.EOPNOTSUPP);
        Assert.Throws<ArgumentException>(() => map.Update(owner, 1u));
    }
}
