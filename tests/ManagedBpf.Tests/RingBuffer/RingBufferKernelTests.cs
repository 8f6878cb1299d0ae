using System.Buffers.Binary;
using System.Diagnostics;
using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.RingBuffer;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

public class RingBufferKernelTests
{
    [KernelFact]
    public void PollReceivesARecordPerExec()
    {
        using var ring = BpfMap.Create(new MapSpec("exec_events", MapType.RingBuf, 0, 0, 64 * 1024));
        using var reader = new RingBufferReader(ring);
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("exec_to_rb", TestPrograms.OutputPidTgid(ring)));
        using var link = program.AttachTracepoint("sched", "sched_process_exec");

        var pids = Enumerable.Range(0, 3).Select(_ => TestPrograms.RunTrue()).ToHashSet();
        var seen = new HashSet<int>();
        var clock = Stopwatch.StartNew();
        while (!pids.IsSubsetOf(seen) && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            reader.Poll(TimeSpan.FromMilliseconds(200), record =>
            {
                Assert.Equal(8, record.Length);
                seen.Add((int)(BinaryPrimitives.ReadUInt64LittleEndian(record) >> 32)); // tgid
            });
        }
        Assert.Superset(pids, seen);
    }

    [KernelFact]
    public void ConcurrentExecsOnSeveralCpusAreAllDelivered()
    {
        using var ring = BpfMap.Create(new MapSpec("busy_events", MapType.RingBuf, 0, 0, 256 * 1024));
        using var reader = new RingBufferReader(ring);
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("busy_exec", TestPrograms.OutputPidTgid(ring)));
        using var link = program.AttachTracepoint("sched", "sched_process_exec");

        var pids = new System.Collections.Concurrent.ConcurrentBag<int>();
        var seen = new HashSet<int>();
        using var stop = new CancellationTokenSource();
        var consumer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
                reader.Poll(Timeout.InfiniteTimeSpan, Record, stop.Token);
            void Record(ReadOnlySpan<byte> r)
            {
                lock (seen)
                    seen.Add((int)(BinaryPrimitives.ReadUInt64LittleEndian(r) >> 32));
            }
        });
        consumer.Start();
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => pids.Add(TestPrograms.RunTrue()));

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            lock (seen)
            {
                if (pids.All(seen.Contains))
                    break;
            }
            Thread.Sleep(20);
        }
        stop.Cancel();
        consumer.Join();
        Assert.Superset(pids.ToHashSet(), seen);
    }

    [KernelFact]
    public void PollTimesOutOnAnEmptyRing()
    {
        using var ring = BpfMap.Create(new MapSpec("idle_rb", MapType.RingBuf, 0, 0, 4096));
        using var reader = new RingBufferReader(ring);
        var clock = Stopwatch.StartNew();
        Assert.Equal(0, reader.Poll(TimeSpan.FromMilliseconds(50), _ => Assert.Fail("no record expected")));
        Assert.True(clock.ElapsedMilliseconds >= 40);
        Assert.Equal(0, reader.Consume(_ => Assert.Fail("no record expected")));
        Assert.Equal(0, reader.PendingBytes);
    }

    [KernelFact]
    public void ReaderRequiresARingBufferMap()
    {
        using var array = BpfMap.Create(new MapSpec("not_rb", MapType.Array, 4, 4, 1));
        Assert.Throws<ArgumentException>(() => new RingBufferReader(array));
    }

    [KernelFact]
    public void ReaderOutlivesTheMapHandle()
    {
        var ring = BpfMap.Create(new MapSpec("short_rb", MapType.RingBuf, 0, 0, 4096));
        using var reader = new RingBufferReader(ring);
        ring.Dispose();
        Assert.Equal(0, reader.Poll(TimeSpan.Zero, _ => { }));
    }
}
