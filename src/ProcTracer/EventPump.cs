using ManagedBpf.RingBuffer;
using ProcTracer.Output;

namespace ProcTracer;

/// <summary>
/// Moves records from the ring to stdout until stopped or until stdout's reader is gone. A terminal gets each batch
/// at once. A pipe or file gets records in bursts: while records flow, the pump sleeps between drains of the ring
/// instead of being woken by the kernel for each record (a wake-up per record, through epoll and irq_work, costs more
/// than the record; on a paravirtualised guest far more), and writes when a block is full or a burst ends. The ring
/// holds far more than arrives in one sleep at any exec rate these machines reach (256 KiB of 168-byte records: ~70 ms
/// at 20,000 execs/s), and rows reach the reader at most one sleep after their burst ends.
/// </summary>
internal static class EventPump
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan BurstSleep = TimeSpan.FromMilliseconds(10);

    /// <summary>Records handed over per drain at most, so that a full ring does not become one unbounded batch.</summary>
    private const int MaxBatch = 4096;

    /// <summary>Returns when stopped, or when stdout's reader is gone.</summary>
    public static void Run<THandler>(RingBufferReader ring, ref THandler handler, StandardOutput output, LostEventsReport lost, CancellationToken stop)
        where THandler : IRingRecordHandler
    {
        // The pump looks at the ring itself while records flow; between bursts the kernel's wake-up is enough.
        ring.StreamingWait = Timeout.InfiniteTimeSpan;
        while (!stop.IsCancellationRequested)
        {
            // The token wakes the poll at once on SIGINT/SIGTERM/SIGHUP instead of letting its timeout run out.
            var delivered = ring.Poll(PollTimeout, ref handler, stop);
            while (delivered > 0 && !output.Interactive && !output.ShouldFlush && !stop.IsCancellationRequested)
            {
                stop.WaitHandle.WaitOne(BurstSleep);
                delivered = ring.Consume(ref handler, MaxBatch);
            }
            if ((output.ShouldFlush || delivered == 0) && !output.Flush())
                return;
            lost.Tick();
        }
        output.Flush();
    }
}
