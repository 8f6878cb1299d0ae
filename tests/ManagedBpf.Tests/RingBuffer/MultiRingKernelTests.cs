using System.Buffers.Binary;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>One reader, one epoll set, several ring buffer maps.</summary>
public class MultiRingKernelTests
{
    [KernelFact]
    public void PollDeliversTheRecordsOfEveryRingThatSignalled()
    {
        using var first = new SequenceProducer(16 * 1024);
        using var second = new SequenceProducer(16 * 1024, recordSize: 1024);
        using var reader = new RingBufferReader([first.Ring, second.Ring]);
        first.Produce(5);
        second.Produce(7);
        var lengths = new List<int>();
        var sequences = new List<ulong>();
        for (var attempt = 0; attempt < 10 && lengths.Count < 12; attempt++)
        {
            reader.Poll(TimeSpan.FromMilliseconds(100), record =>
            {
                lengths.Add(record.Length);
                sequences.Add(BinaryPrimitives.ReadUInt64LittleEndian(record));
            });
        }
        Assert.Equal(5, lengths.Count(l => l == 64));
        Assert.Equal(7, lengths.Count(l => l == 1024));
        Assert.Equal([0ul, 1, 2, 3, 4], sequences.Where((_, i) => lengths[i] == 64));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (ulong)i), sequences.Where((_, i) => lengths[i] == 1024));
        Assert.Equal(0, reader.PendingBytes);
    }

    [KernelFact]
    public void ConsumeStopsAfterMaxRecordsAcrossRings()
    {
        using var first = new SequenceProducer(16 * 1024);
        using var second = new SequenceProducer(16 * 1024);
        using var reader = new RingBufferReader([first.Ring, second.Ring]);
        first.Produce(3);
        second.Produce(3);
        Assert.Equal(4, reader.Consume(_ => { }, maxRecords: 4));
        Assert.Equal(2, reader.Consume(_ => { }));
    }

    [KernelFact]
    public void NeedsAtLeastOneRing()
    {
        Assert.Throws<ArgumentException>(() => new RingBufferReader(Array.Empty<ManagedBpf.Maps.BpfMap>()));
    }
}
