using System.Runtime.InteropServices;
using ManagedBpf.Kernel;
using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>Per-CPU maps: one value per possible CPU of this machine, in round_up(value_size, 8)-byte slots.</summary>
public class PerCpuMapTests
{
    [StructLayout(LayoutKind.Sequential)]
    private record struct Triple(uint A, uint B, uint C);

    [KernelTheory]
    [InlineData("percpu_hash")]
    [InlineData("lru_percpu_hash")]
    public void EachPossibleCpuHasItsValue(string name)
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps[name];
        Assert.True(map.IsPerCpu);
        Assert.Equal(8 * PossibleCpus.Count, map.ValueBufferSize);
        var values = Enumerable.Range(0, PossibleCpus.Count).Select(cpu => 100ul + (ulong)cpu).ToArray();
        map.UpdatePerCpu<uint, ulong>(5, values);
        Assert.Equal(values, map.LookupPerCpu<uint, ulong>(5));
        Span<ulong> read = stackalloc ulong[PossibleCpus.Count];
        Assert.True(map.TryLookupPerCpu(5u, read));
        Assert.Equal(values, read.ToArray());
        Assert.Equal([5u], map.Keys<uint>().ToArray());

        var raw = new byte[map.ValueBufferSize];
        Assert.True(map.TryLookupAndDelete(BitConverter.GetBytes(5u), raw));
        Assert.Equal(values, MemoryMarshal.Cast<byte, ulong>(raw).ToArray());
        Assert.Null(map.LookupPerCpu<uint, ulong>(5));

        var typed = Assert.Throws<ArgumentException>(() => map.TryLookup(5u, out ulong _));
        Assert.Contains("per-CPU", typed.Message);
        Assert.Throws<ArgumentException>(() => map.Entries<uint, ulong>());
        Assert.Throws<ArgumentException>(() => map.UpdatePerCpu<uint, ulong>(1, values[..^1]));
    }

    [KernelFact]
    public void ValuesOfTwelveBytesArePaddedToSixteenPerCpu()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["percpu_array"];
        Assert.Equal(16 * PossibleCpus.Count, map.ValueBufferSize);
        var values = Enumerable.Range(0, PossibleCpus.Count).Select(cpu => new Triple((uint)cpu, 7, uint.MaxValue - (uint)cpu)).ToArray();
        map.UpdatePerCpu<uint, Triple>(3, values);
        Assert.Equal(values, map.LookupPerCpu<uint, Triple>(3));

        // The raw layout: CPU i's 12 bytes at 16 × i, the kernel's padding after each.
        var raw = new byte[map.ValueBufferSize];
        Assert.True(map.TryLookup(BitConverter.GetBytes(3u), raw));
        for (var cpu = 0; cpu < PossibleCpus.Count; cpu++)
            Assert.Equal(values[cpu], MemoryMarshal.Read<Triple>(raw.AsSpan(16 * cpu)));
        Assert.Equal([0u, 1, 2, 3], map.Keys<uint>().ToArray());
    }

    [KernelFact]
    public void BatchesCarryEveryCpusValues()
    {
        using var obj = MapTypesObject.Load();
        var map = obj.Maps["percpu_hash"];
        var cpus = PossibleCpus.Count;
        var keys = new uint[] { 1, 2, 3 };
        var values = keys.SelectMany(k => Enumerable.Range(0, cpus).Select(cpu => k * 10ul + (ulong)cpu)).ToArray();
        Assert.Equal(3, map.UpdateBatch(MemoryMarshal.AsBytes(keys.AsSpan()), MemoryMarshal.AsBytes(values.AsSpan())));

        var cursor = new MapBatchCursor();
        var keyBuffer = new byte[8 * 4];
        var valueBuffer = new byte[8 * map.ValueBufferSize];
        var count = map.LookupBatch(cursor, keyBuffer, valueBuffer);
        Assert.Equal(3, count);
        for (var i = 0; i < count; i++)
        {
            var key = BitConverter.ToUInt32(keyBuffer, 4 * i);
            var slots = MemoryMarshal.Cast<byte, ulong>(valueBuffer.AsSpan(i * map.ValueBufferSize, map.ValueBufferSize));
            Assert.Equal(Enumerable.Range(0, cpus).Select(cpu => key * 10ul + (ulong)cpu), slots.ToArray());
        }
    }
}
