using System.Buffers.Binary;
using ManagedBpf.Maps;
using ProcTracer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

public class LostEventCounterTests
{
    /// <summary>A per-CPU array of the convention, with <paramref name="perCpu"/>[i] + slot in CPU i's copy of each slot.</summary>
    internal static BpfMap CreateCounterMap(params ulong[] perCpu)
    {
        var map = BpfMap.Create(new MapSpec(LostEventCounter.MapName, MapType.PerCpuArray, 4, 8, 2));
        for (uint slot = 0; slot < 2; slot++)
        {
            var values = new byte[map.ValueBufferSize];
            for (var cpu = 0; cpu < values.Length / 8; cpu++)
                BinaryPrimitives.WriteUInt64LittleEndian(values.AsSpan(cpu * 8), (cpu < perCpu.Length ? perCpu[cpu] : 0) + slot);
            map.Update(BitConverter.GetBytes(slot), values);
        }
        return map;
    }

    [KernelFact]
    public void SumsASlotOverEveryCpu()
    {
        using var map = CreateCounterMap(3, 4);
        var counter = new LostEventCounter(map);
        var cpus = map.ValueBufferSize / 8;
        Assert.Equal(cpus >= 2 ? 7ul : 3ul, counter.Read());
        Assert.Equal((cpus >= 2 ? 7ul : 3ul) + (ulong)cpus, counter.Read(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => counter.Read(2));
    }

    [KernelFact]
    public void RejectsAMapThatIsNotTheConvention()
    {
        using var array = BpfMap.Create(new MapSpec("lost_events", MapType.Array, 4, 8, 1));
        Assert.Throws<ArgumentException>(() => new LostEventCounter(array));
    }

    [KernelFact]
    public void FindsTheCounterOfTheTracersObject()
    {
        using var loaded = BpfObject.Load(TestObjects.ParseBootstrap());
        var counter = LostEventCounter.Find(loaded);
        Assert.NotNull(counter);
        Assert.Equal(0ul, counter.Read());
    }
}
