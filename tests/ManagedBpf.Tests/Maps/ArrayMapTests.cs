using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>ARRAY maps from user space: every key exists, nothing can be deleted, and batches read them all.</summary>
public class ArrayMapTests
{
    [KernelFact]
    public void EveryKeyExistsAndNoneCanBeDeleted()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["array"];
        Assert.True(map.TryLookup(7u, out ulong zero));
        Assert.Equal(0ul, zero);
        Assert.False(map.TryLookup(8u, out ulong _));
        map.Update(7u, 77ul);
        Assert.True(map.TryLookup(7u, out ulong value));
        Assert.Equal(77ul, value);
        // array_map_update_elem: every element exists, so creating one is EEXIST; beyond max_entries, E2BIG.
        Assert.Equal(Errno.EEXIST, Assert.Throws<BpfSyscallException>(() => map.Update(1u, 1ul, MapUpdateFlags.NoExist)).Errno);
        Assert.Equal(Errno.E2BIG, Assert.Throws<BpfSyscallException>(() => map.Update(8u, 1ul)).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<BpfSyscallException>(() => map.Delete(7u)).Errno);
        Assert.True(Assert.Throws<BpfSyscallException>(() => map.TryLookupAndDelete(7u, out ulong _)).Errno is Errno.ENOTSUPP or Errno.EINVAL);
    }

    [KernelFact]
    public void KeysEntriesAndBatches()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["array"];
        Assert.Equal(8, map.UpdateBatch<uint, ulong>([0, 1, 2, 3, 4, 5, 6, 7], [10, 11, 12, 13, 14, 15, 16, 17]));
        Assert.Equal([0u, 1, 2, 3, 4, 5, 6, 7], map.Keys<uint>().ToArray());
        Assert.Equal(Enumerable.Range(0, 8).Select(i => new KeyValuePair<uint, ulong>((uint)i, 10ul + (ulong)i)), map.Entries<uint, ulong>().ToArray());
        Assert.Equal(Errno.EINVAL, Assert.Throws<BpfSyscallException>(() => map.DeleteBatch<uint>([1])).Errno);
    }

    [KernelFact]
    public void FreezeStopsUserWritesAndInfoTellsTheKernelsView()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["array"];
        var info = map.GetInfo();
        Assert.Equal((MapType.Array, "array", 4u, 8u, 8u), (info.Type, info.Name, info.KeySize, info.ValueSize, info.MaxEntries));
        Assert.Equal(map.Id, info.Id);
        Assert.NotEqual(0u, info.BtfId);
        Assert.NotEqual(0u, info.BtfValueTypeId);

        map.Freeze();
        Assert.Equal(Errno.EPERM, Assert.Throws<BpfSyscallException>(() => map.Update(0u, 1ul)).Errno);
        Assert.True(map.TryLookup(0u, out ulong _));

        using var reopened = BpfMap.FromId(map.Id);
        Assert.Equal((MapType.Array, "array", 4u, 8u), (reopened.Type, reopened.Name, reopened.KeySize, reopened.ValueSize));
        Assert.Equal(Errno.ENOENT, Assert.Throws<BpfSyscallException>(() => BpfMap.FromId(uint.MaxValue)).Errno);
    }
}
