using ManagedBpf.RingBuffer;
using ProcTracer.Output;

namespace ProcTracer;

/// <summary>
/// Moves records from the ring to stdout until stopped or until stdout's reader is gone. A terminal gets each batch
/// at once, the kernel waking the pump for each record as it wakes the C bootstrap. A pipe or file gets records in
/// bursts: once records flow, the pump sleeps between drains of the ring instead of being woken by the kernel for
/// each record (a wake-up per record, through epoll and irq_work, costs more than the record; on a paravirtualised
/// guest far more), and writes when a block is full, when a burst ends, or when its oldest row has waited
/// <see cref="MaxDelayMs"/>, so rows reach a log shipper promptly at any rate (C's stdio holds a block whatever
/// its age).
/// </summary>
internal static class EventPump
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The sleep between drains stays within these bounds. The longest makes a wake-up take several records at the
    /// exec rates of a slow machine (~50/s: about 2.5 per wake-up, where the kernel would wake the pump for each);
    /// at 20,000 execs/s it fills two thirds of a 256 KiB ring of 176-byte records, the case the fill check below
    /// shortens it for.
    /// </summary>
    private const int MinSleepMs = 1;
    private const int MaxSleepMs = 50;

    /// <summary>A pipe or file gets a row at most this long (plus one sleep) after it was formatted.</summary>
    private const long MaxDelayMs = 500;

    /// <summary>Records handed over per drain at most, so that a full ring does not become one unbounded batch.</summary>
    private const int MaxBatch = 4096;

    /// <summary>
    /// Returns when stopped, or when stdout's reader is gone. <paramref name="ringBytes"/> is the ring's size: the
    /// sleep between drains is kept short enough that at most a quarter of it fills meanwhile.
    /// </summary>
    public static void Run<THandler>(RingBufferReader ring, long ringBytes, ref THandler handler, StandardOutput output, LostEventsReport lost,
        CancellationToken stop)
        where THandler : IRingRecordHandler
    {
        // The pump looks at the ring itself while records flow; between bursts the kernel's wake-up is enough.
        ring.StreamingWait = Timeout.InfiniteTimeSpan;
        // Kept from one burst to the next: an exec rate lasts longer than the pauses between its bursts.
        var sleepMs = MaxSleepMs;
        while (!stop.IsCancellationRequested)
        {
            // The token wakes the poll at once on SIGINT/SIGTERM/SIGHUP instead of letting its timeout run out.
            var delivered = ring.Poll(PollTimeout, ref handler, stop);
            var writtenAt = Environment.TickCount64;
            while (delivered > 0 && !output.Interactive && !stop.IsCancellationRequested)
            {
                if (output.ShouldFlush || Environment.TickCount64 - writtenAt >= MaxDelayMs)
                {
                    if (!output.Flush())
                        return;
                    writtenAt = Environment.TickCount64;
                }
                lost.Tick();
                stop.WaitHandle.WaitOne(sleepMs);
                sleepMs = NextSleep(sleepMs, ring.PendingBytes, ringBytes);
                delivered = ring.Consume(ref handler, MaxBatch);
            }
            if (output.Pending > 0 && !output.Flush())
                return;
            lost.Tick();
        }
        output.Flush();
    }

    // Halved when a quarter of the ring filled during the last sleep (the producer outruns the pump: a longer sleep
    // at that rate would lose records), doubled when less than a sixteenth did (the wake-ups are worth fewer records
    // than they could be).
    private static int NextSleep(int sleepMs, long pendingBytes, long ringBytes) =>
        pendingBytes > ringBytes / 4 ? Math.Max(MinSleepMs, sleepMs / 2)
        : pendingBytes < ringBytes / 16 ? Math.Min(MaxSleepMs, sleepMs * 2)
        : sleepMs;
}
