using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>HASH and LRU_HASH maps from user space: every element operation, iteration and batches.</summary>
public class HashMapTests
{
    [KernelTheory]
    [InlineData("hash")]
    [InlineData("lru_hash")]
    public void UpdateFlagsLookupLookupAndDeleteAndDelete(string name)
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps[name];
        map.Update(1u, 10ul, MapUpdateFlags.NoExist);
        Assert.Equal(Errno.EEXIST, Assert.Throws<BpfSyscallException>(() => map.Update(1u, 11ul, MapUpdateFlags.NoExist)).Errno);
        Assert.Equal(Errno.ENOENT, Assert.Throws<BpfSyscallException>(() => map.Update(2u, 11ul, MapUpdateFlags.Exist)).Errno);
        map.Update(1u, 12ul, MapUpdateFlags.Exist);
        Assert.True(map.TryLookup(1u, out ulong value));
        Assert.Equal(12ul, value);

        Assert.True(map.TryLookupAndDelete(1u, out ulong taken));
        Assert.Equal(12ul, taken);
        Assert.False(map.TryLookup(1u, out ulong _));
        Assert.False(map.TryLookupAndDelete(1u, out ulong _));

        map.Update(3u, 30ul);
        Assert.True(map.Delete(3u));
        Assert.False(map.Delete(3u));
    }

    [KernelTheory]
    [InlineData("hash")]
    [InlineData("lru_hash")]
    public void KeysAndEntriesWalkEveryElementOnce(string name)
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps[name];
        for (var i = 0u; i < 40; i++)
            map.Update(i, i * 100ul);
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (uint)i), map.Keys<uint>().Order());
        var entries = new Dictionary<uint, ulong>();
        foreach (var (key, value) in map.Entries<uint, ulong>())
            entries.Add(key, value);
        Assert.Equal(40, entries.Count);
        Assert.All(entries, e => Assert.Equal(e.Key * 100ul, e.Value));
    }

    [KernelFact]
    public void BatchesUpdateLookupAndDelete()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["hash"];
        var keys = Enumerable.Range(0, 50).Select(i => (uint)i).ToArray();
        var values = keys.Select(k => k + 1000ul).ToArray();
        Assert.Equal(50, map.UpdateBatch<uint, ulong>(keys, values));

        // Small batches: the cursor carries the walk across calls, each element once.
        var cursor = new MapBatchCursor();
        var seen = new Dictionary<uint, ulong>();
        Span<uint> keyBuffer = stackalloc uint[16];
        Span<ulong> valueBuffer = stackalloc ulong[16];
        while (!cursor.Done)
        {
            var n = map.LookupBatch(cursor, keyBuffer, valueBuffer);
            for (var i = 0; i < n; i++)
                seen.Add(keyBuffer[i], valueBuffer[i]);
        }
        Assert.Equal(keys.ToDictionary(k => k, k => k + 1000ul), seen);
        Assert.Equal(0, map.LookupBatch(cursor, keyBuffer, valueBuffer));

        Assert.Equal(10, map.DeleteBatch<uint>(keys.AsSpan(0, 10)));
        Assert.False(map.TryLookup(5u, out ulong _));
        Assert.Equal(Errno.ENOENT, Assert.Throws<BpfSyscallException>(() => map.DeleteBatch<uint>(keys.AsSpan(0, 1))).Errno);

        var drained = new List<uint>();
        var drain = new MapBatchCursor();
        var rawKeys = new byte[64 * 4];
        var rawValues = new byte[64 * 8];
        while (!drain.Done)
        {
            var n = map.LookupAndDeleteBatch(drain, rawKeys, rawValues);
            drained.AddRange(Enumerable.Range(0, n).Select(i => BitConverter.ToUInt32(rawKeys, i * 4)));
        }
        Assert.Equal(keys[10..], drained.Order());
        Assert.Empty(map.Keys<uint>());
    }

    [KernelFact]
    public void IteratingWhileTheMapChangesEndsWithoutThrowing()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["hash"];
        for (var i = 0u; i < 64; i++)
            map.Update(i, (ulong)i);
        using var stop = new CancellationTokenSource();
        // Another thread deletes and re-adds keys all the while, so the walks stand on vanished keys again and again.
        var churn = Task.Run(() =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                var key = (uint)random.Next(64);
                map.Delete(key);
                map.Update(key, (ulong)key);
            }
        });
        try
        {
            for (var round = 0; round < 200; round++)
            {
                Assert.InRange(map.Keys<uint>().Count(), 0, 2 * 64 + 1);
                foreach (var (key, value) in map.Entries<uint, ulong>())
                    Assert.Equal(key, value);
            }
        }
        finally
        {
            stop.Cancel();
            churn.Wait();
        }
    }

    [KernelFact]
    public void TypesOfTheWrongSizeAreNamedErrors()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["hash"];
        Assert.Equal("__u32", map.KeyBtfType?.Name);
        var narrow = Assert.Throws<ArgumentException>(() => map.Keys<byte>());
        Assert.Contains("map 'hash' has 4-byte keys (__u32); Byte is 1 bytes", narrow.Message);
        var wide = Assert.Throws<ArgumentException>(() => map.Keys<ulong>());
        Assert.Contains("UInt64 is 8 bytes", wide.Message);
        var value = Assert.Throws<ArgumentException>(() => map.TryLookup(1u, out uint _));
        Assert.Contains("8-byte values (__u64); UInt32 is 4 bytes", value.Message);
        Assert.Throws<ArgumentException>(() => map.Entries<uint, uint>());
        Assert.Throws<ArgumentException>(() => map.TryLookupPerCpu(1u, new ulong[64].AsSpan()));
    }
}
