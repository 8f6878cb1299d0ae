using System.Diagnostics;
using ManagedBpf.Maps;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

public class RingBufferWakeTests
{
    [KernelFact]
    public async Task WakeUnblocksAnInfinitePoll()
    {
        using var ring = BpfMap.Create(new MapSpec("wake_rb", MapType.RingBuf, 0, 0, 4096));
        using var reader = new RingBufferReader(ring);
        var poll = Task.Factory.StartNew(() => reader.Poll(Timeout.InfiniteTimeSpan, _ => { }), TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        Assert.False(poll.IsCompleted);
        reader.Wake();
        Assert.Equal(0, await poll.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [KernelFact]
    public async Task CancellationUnblocksAnInfinitePoll()
    {
        using var ring = BpfMap.Create(new MapSpec("cancel_rb", MapType.RingBuf, 0, 0, 4096));
        using var reader = new RingBufferReader(ring);
        using var cancellation = new CancellationTokenSource();
        var poll = Task.Factory.StartNew(
            () => reader.Poll(Timeout.InfiniteTimeSpan, _ => { }, cancellation.Token), TaskCreationOptions.LongRunning);
        await Task.Delay(100);
        cancellation.Cancel();
        Assert.Equal(0, await poll.WaitAsync(TimeSpan.FromSeconds(5)));
        // Already cancelled: returns at once.
        Assert.Equal(0, reader.Poll(Timeout.InfiniteTimeSpan, _ => { }, cancellation.Token));
    }

    [KernelFact]
    public void AWakeIsConsumedOnce()
    {
        using var ring = BpfMap.Create(new MapSpec("once_rb", MapType.RingBuf, 0, 0, 4096));
        using var reader = new RingBufferReader(ring);
        reader.Wake();
        reader.Wake();
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, reader.Poll(TimeSpan.FromSeconds(5), _ => { }));
        Assert.True(clock.ElapsedMilliseconds < 1000);
        clock.Restart();
        Assert.Equal(0, reader.Poll(TimeSpan.FromMilliseconds(100), _ => { }));
        Assert.True(clock.ElapsedMilliseconds >= 90, "the eventfd stayed readable after the wake was handled");
    }

    [KernelFact]
    public void WakeAfterDisposeIsHarmless()
    {
        using var ring = BpfMap.Create(new MapSpec("late_rb", MapType.RingBuf, 0, 0, 4096));
        var reader = new RingBufferReader(ring);
        reader.Dispose();
        reader.Wake();
    }
}
