namespace ManagedBpf.RingBuf;

/// <summary>
/// The consumer side of the BPF ring buffer protocol, over plain memory so it can be tested without a kernel.
/// The kernel side is kernel/bpf/ringbuf.c (v6.18): __bpf_ringbuf_reserve writes the header with BUSY set and
/// publishes producer_pos with smp_store_release; bpf_ringbuf_commit clears BUSY (and maybe sets DISCARD) with
/// xchg on hdr->len, a full barrier, then smp_load_acquire(&amp;rb->consumer_pos) to decide whether to wake us.
/// libbpf's ringbuf_process_ring (tools/lib/bpf/ringbuf.c) is the reference consumer.
/// </summary>
internal static unsafe class RingWalker
{
    /// <summary>
    /// Hands every committed record between the consumer and producer positions to <paramref name="handler"/>,
    /// publishing the consumer position after each one, and loops while the producer moved on meanwhile. Stops at
    /// the first BUSY record: its commit will wake the epoll waiter, because the consumer position then equals that
    /// record's position. Returns the number of records handed over (discarded ones are not counted).
    /// If the handler throws, the record counts as consumed and the exception propagates.
    /// </summary>
    public static int Consume(in RingLayout ring, RingBufferReader.RecordHandler handler, int maxRecords = int.MaxValue)
    {
        var count = 0;
        // Only this consumer writes consumer_pos, so any load returns our own last store; Volatile keeps the compiler
        // from caching it across calls.
        var consumer = Volatile.Read(ref *ring.ConsumerPosition);
        bool progress;
        do
        {
            progress = false;
            // Acquire: pairs with smp_store_release(&rb->producer_pos) in __bpf_ringbuf_reserve, so every header
            // below the producer position (written before that release, BUSY set) is visible to the loads below.
            var producer = Volatile.Read(ref *ring.ProducerPosition);
            while (consumer < producer && count < maxRecords)
            {
                var header = ring.Data + (consumer & ring.Mask);
                // Acquire: pairs with the xchg(&hdr->len) in bpf_ringbuf_commit (a full barrier), so once BUSY is
                // clear the sample bytes the program wrote before committing are visible too.
                var len = Volatile.Read(ref *(uint*)header);
                if ((len & RingRecord.BusyBit) != 0)
                {
                    // Not committed yet. Before leaving it to the wake-up, order our last consumer_pos store before
                    // a second look at the header (store-load, needs a full fence): either we now see the commit, or
                    // bpf_ringbuf_commit (xchg, then load consumer_pos) sees consumer_pos == this record and wakes
                    // the poller. No spinning beyond this one re-read.
                    Interlocked.MemoryBarrier();
                    len = Volatile.Read(ref *(uint*)header);
                    if ((len & RingRecord.BusyBit) != 0)
                        return count;
                }
                var footprint = RingRecord.Footprint(len);
                if (footprint > ring.Size)
                    throw new BpfException($"ring buffer record at position {consumer} claims {RingRecord.Length(len)} bytes in a {ring.Size}-byte ring");
                consumer += footprint;
                progress = true;
                try
                {
                    if ((len & RingRecord.DiscardBit) == 0)
                    {
                        count++;
                        handler(new ReadOnlySpan<byte>(header + RingRecord.HeaderSize, (int)RingRecord.Length(len)));
                    }
                }
                finally
                {
                    // Release: the record's bytes must be fully read before the kernel may reuse the space; pairs
                    // with smp_load_acquire(&rb->consumer_pos) in __bpf_ringbuf_reserve.
                    Volatile.Write(ref *ring.ConsumerPosition, consumer);
                }
            }
            // Full fence: the release store above and the acquire load of producer_pos at the top of the loop could
            // otherwise be reordered (store-load). Then we could see the old producer position while the kernel, in
            // bpf_ringbuf_commit, sees our old consumer position, decides we are not caught up and skips the
            // wake-up: a record would sit until the next one. Pairs with the full barrier of the xchg in commit.
            Interlocked.MemoryBarrier();
        }
        while (progress && count < maxRecords);
        return count;
    }

    /// <summary>Bytes between the consumer and producer positions (committed or not).</summary>
    public static ulong Pending(in RingLayout ring) =>
        Volatile.Read(ref *ring.ProducerPosition) - Volatile.Read(ref *ring.ConsumerPosition);
}
