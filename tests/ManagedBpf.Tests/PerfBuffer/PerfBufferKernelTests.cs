using System.Buffers.Binary;
using ManagedBpf.Kernel;
using ManagedBpf.PerfBuffer;
using ManagedBpf.Tests.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.PerfBuffer;

/// <summary>
/// The perf buffer reader against the kernel's bpf_perf_event_output (bpf/bench/perfbuf_producer.bpf.o, run with
/// BPF_PROG_TEST_RUN on a chosen CPU): one ring per online CPU, every sample once and in order per CPU, losses counted
/// alike by the BPF program, by the sequence gaps and by the kernel's PERF_RECORD_LOST.
/// </summary>
public class PerfBufferKernelTests
{
    [KernelFact]
    public void EachOnlineCpuGetsARingAndSamplesArriveInOrder()
    {
        using var producer = SequenceProducer.Perf();
        using var reader = new PerfBufferReader(producer.Ring, pagesPerCpu: 64);
        Assert.Equal(OnlineCpus.List().Where(c => c < producer.Ring.MaxEntries), reader.Cpus);
        var checker = new SequenceChecker();
        foreach (var cpu in reader.Cpus)
        {
            producer.Produce(1000, cpu);
            while (checker.Count < 1000 * (cpu + 1))
                Assert.True(reader.Poll(TimeSpan.FromSeconds(5), ref checker) > 0, "no sample within 5 s");
        }
        Assert.Equal(0, checker.Errors);
        Assert.Equal(0, reader.LostSamples);
        // 64-byte samples come with the kernel's 4 bytes of padding.
        Assert.Equal(68, checker.LastLength);
    }

    [KernelTheory]
    [InlineData(64)]
    [InlineData(1024)]
    public void LostSamplesAreCountedByTheKernelAsByTheProgram(int recordSize)
    {
        using var producer = SequenceProducer.Perf(recordSize);
        using var reader = new PerfBufferReader(producer.Ring, pagesPerCpu: 1);
        var cpu = reader.Cpus[0];
        var checker = new SequenceChecker { AllowGaps = true };
        for (var round = 0; round < 3; round++)
        {
            // Far more than one page holds, with nobody reading: most fail, and the BPF program counts each failure.
            producer.Produce(500, cpu);
            reader.Consume(ref checker);
        }
        // One more sample, into the now empty ring, carries the kernel's report of the last round's losses.
        producer.Produce(1, cpu);
        reader.Consume(ref checker);
        var gaps = (long)producer.Attempted - checker.Count;
        Assert.True(gaps > 0);
        Assert.Equal((ulong)gaps, producer.Lost.Read());
        Assert.Equal(gaps, reader.LostSamples);
        Assert.Equal(0, checker.Disorder);
    }

    [KernelFact]
    public void PullReadsOneSampleAtATime()
    {
        using var producer = SequenceProducer.Perf(1024);
        using var reader = new PerfBufferReader(producer.Ring, pagesPerCpu: 4);
        var cpu = reader.Cpus[^1];
        var seen = new List<ulong>();
        for (var round = 0; round < 4; round++)
        {
            // 10 records of 1040 bytes at a time fit the 16 KiB ring; 40 go round it twice and more.
            producer.Produce(10, cpu);
            while (reader.TryRead(out var sample))
            {
                Assert.Equal(1028, sample.Length);
                seen.Add(BinaryPrimitives.ReadUInt64LittleEndian(sample));
            }
        }
        // Wrapped ones came put back together.
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (ulong)i), seen);
        Assert.Equal(0, reader.LostSamples);
        Assert.Equal(0, reader.PendingBytes);
    }

    /// <summary>The async surface hands out memory: over the data pages, or over the scratch copy of a wrapped sample.</summary>
    [KernelFact]
    public async Task AwaitForeachReadsWrappedSamplesWhole()
    {
        using var producer = SequenceProducer.Perf(1024);
        using var reader = new PerfBufferReader(producer.Ring, pagesPerCpu: 4);
        var cpu = reader.Cpus[^1];
        var seen = new List<ulong>();
        for (var round = 0; round < 4; round++)
        {
            producer.Produce(10, cpu);
            await foreach (var sample in reader.ReadAllAsync())
            {
                Assert.Equal(1028, sample.Length);
                seen.Add(BinaryPrimitives.ReadUInt64LittleEndian(sample.Span));
                if (seen.Count % 10 == 0)
                    break;
            }
        }
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (ulong)i), seen);
        Assert.Equal(0, reader.LostSamples);
    }

    [KernelFact]
    public void DisposeTakesTheRingsOutOfTheMap()
    {
        using var producer = SequenceProducer.Perf();
        var reader = new PerfBufferReader(producer.Ring);
        var cpu = reader.Cpus[0];
        reader.Dispose();
        // bpf_perf_event_output finds no event at the CPU's index (-ENOENT): every attempt is a loss.
        producer.Produce(10, cpu);
        Assert.Equal(10ul, producer.Lost.Read());
        Assert.Throws<ObjectDisposedException>(() => reader.TryRead(out _));
    }

    [KernelFact]
    public void OnlyPerfEventArraysAndPowersOfTwoAreAccepted()
    {
        using var producer = SequenceProducer.Perf();
        using var ring = new SequenceProducer(4096);
        Assert.Throws<ArgumentException>(() => new PerfBufferReader(ring.Ring));
        Assert.Throws<ArgumentException>(() => new PerfBufferReader(producer.Ring, pagesPerCpu: 3));
    }
}
