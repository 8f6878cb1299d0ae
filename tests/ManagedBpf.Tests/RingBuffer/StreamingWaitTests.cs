using System.Diagnostics;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>Poll's re-arming after records flowed: a short first wait, then the caller's timeout.</summary>
public class StreamingWaitTests
{
    [KernelFact]
    public void AfterAStreamDriesUpPollStillWaitsForTheWholeTimeout()
    {
        using var producer = new SequenceProducer(64 * 1024);
        using var reader = new RingBufferReader(producer.Ring) { StreamingWait = TimeSpan.FromMilliseconds(5) };
        producer.Produce(10);
        Assert.Equal(10, reader.Poll(TimeSpan.FromSeconds(1), _ => { })); // ready: no wait at all
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, reader.Poll(TimeSpan.FromMilliseconds(200), _ => { }));
        Assert.InRange(clock.ElapsedMilliseconds, 190, 2000);
    }

    /// <summary>Infinite turns the short wait off: after records flowed, Poll still returns when its own timeout ends.</summary>
    [KernelFact]
    public void WithTheStreamingWaitOffPollKeepsItsTimeout()
    {
        using var producer = new SequenceProducer(64 * 1024);
        using var reader = new RingBufferReader(producer.Ring) { StreamingWait = Timeout.InfiniteTimeSpan };
        producer.Produce(3);
        Assert.Equal(3, reader.Poll(TimeSpan.FromSeconds(1), _ => { }));
        var poll = Task.Run(() => reader.Poll(TimeSpan.FromMilliseconds(100), _ => { }));
        Assert.True(poll.Wait(TimeSpan.FromSeconds(10)), "Poll waited past its timeout");
        Assert.Equal(0, poll.Result);
    }

    [KernelFact]
    public void ARecordArrivingDuringTheStreamingWaitIsDelivered()
    {
        using var producer = new SequenceProducer(64 * 1024);
        using var reader = new RingBufferReader(producer.Ring) { StreamingWait = Timeout.InfiniteTimeSpan };
        producer.Produce(1);
        Assert.Equal(1, reader.Poll(TimeSpan.Zero, _ => { }));
        var late = Task.Run(async () =>
        {
            await Task.Delay(50);
            producer.Produce(1);
        });
        Assert.Equal(1, reader.Poll(TimeSpan.FromSeconds(5), _ => { }));
        late.GetAwaiter().GetResult();
    }

    [KernelFact]
    public void RejectsANegativeWait()
    {
        using var producer = new SequenceProducer(4096);
        using var reader = new RingBufferReader(producer.Ring);
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.StreamingWait = TimeSpan.FromMilliseconds(-2));
        Assert.Equal(TimeSpan.FromMicroseconds(250), reader.StreamingWait);
    }
}
