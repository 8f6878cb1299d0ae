using ManagedBpf.Maps;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>QUEUE, STACK and BLOOM_FILTER: values without keys.</summary>
public class KeylessMapTests
{
    [KernelFact]
    public void AQueueIsFirstInFirstOut()
    {
        using var obj = MapTypesObject.Load();
        var queue = obj.Maps["queue"];
        foreach (var value in new uint[] { 1, 2, 3, 4 })
            queue.Push(value);
        Assert.Equal(Errno.E2BIG, Assert.Throws<BpfSyscallException>(() => queue.Push(5u)).Errno);
        // BPF_EXIST on a full queue drops the oldest element to make room.
        queue.Push(5u, MapUpdateFlags.Exist);
        Assert.True(queue.TryPeek(out uint head));
        Assert.Equal(2u, head);
        var popped = new List<uint>();
        while (queue.TryPop(out uint value))
            popped.Add(value);
        Assert.Equal([2u, 3, 4, 5], popped);
        Assert.False(queue.TryPeek(out uint _));
    }

    [KernelFact]
    public void AStackIsLastInFirstOut()
    {
        using var obj = MapTypesObject.Load();
        var stack = obj.Maps["stack"];
        foreach (var value in new uint[] { 1, 2, 3 })
            stack.Push(value);
        Assert.True(stack.TryPeek(out uint top));
        Assert.Equal(3u, top);
        Assert.True(stack.TryPop(out uint first));
        Assert.True(stack.TryPop(out uint second));
        Assert.Equal((3u, 2u), (first, second));
        Assert.True(stack.TryLookupAndDelete([], new byte[4]));
        Assert.False(stack.TryPop(out uint _));
        Assert.Throws<InvalidOperationException>(() => obj.Maps["hash"].TryPop(out ulong _));
    }

    [KernelFact]
    public void ABloomFilterAnswersMaybeOrCertainlyNot()
    {
        using var obj = MapTypesObject.Load();
        var bloom = obj.Maps["bloom"];
        Assert.Equal(3ul, bloom.GetInfo().MapExtra);
        bloom.Push(7u);
        bloom.Push(700u);
        Assert.True(bloom.MayContain(7u));
        Assert.True(bloom.MayContain(700u));
        // 2 of 512 bits set by 3 hashes each: another value tests positive with a probability below 1e-6.
        Assert.False(bloom.MayContain(8u));
        Assert.Throws<InvalidOperationException>(() => obj.Maps["hash"].MayContain(7ul));
        Assert.Throws<InvalidOperationException>(() => obj.Maps["hash"].Push(7ul));
    }
}
