using System.Runtime.CompilerServices;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// The consumer side of the BPF ring buffer protocol, over plain memory so it can be tested without a kernel.
/// The kernel side is kernel/bpf/ringbuf.c (v6.18): __bpf_ringbuf_reserve writes the header with BUSY set and
/// publishes producer_pos with smp_store_release; bpf_ringbuf_commit clears BUSY (and maybe sets DISCARD) with
/// xchg on hdr->len, a full barrier, then smp_load_acquire(&amp;rb->consumer_pos) and wakes the waiters only if that
/// equals the record's own position (the consumer has caught up with it). libbpf's ringbuf_process_ring
/// (tools/lib/bpf/ringbuf.c) is the reference consumer; this one differs only in publishing positions per batch.
/// </summary>
internal static unsafe class RingWalker
{
    /// <summary>
    /// Hands every committed record between the consumer and producer positions to <paramref name="handler"/>, and
    /// loops while the producer moved on meanwhile. Stops at the first BUSY record, with the consumer position published
    /// at it: that record's commit then sees the reader caught up and wakes the epoll waiter. Returns the number of
    /// records handed over (discarded ones are skipped and not counted). If the handler throws, the record counts as
    /// consumed, the position is published and the exception propagates.
    /// </summary>
    public static int Consume<THandler>(in RingLayout ring, ref THandler handler, int maxRecords, CommitMode mode)
        where THandler : IRingRecordHandler, allows ref struct
    {
        var data = ring.Data;
        var mask = ring.Mask;
        var size = ring.Size;
        // Publishing after every quarter of the ring bounds how long producers wait for room during a long drain.
        var commitEvery = mode == CommitMode.PerRecord ? 0 : size / 4;
        // Only this consumer writes consumer_pos, so the load returns our own last store; Volatile keeps the compiler
        // from reusing a value cached across calls.
        var consumer = Volatile.Read(ref *ring.ConsumerPosition);
        var published = consumer;
        var count = 0;
        // The run being walked: its first record and the end of the last one handed over (see WalkRun).
        byte* runStart = null;
        byte* runNext = null;
        try
        {
            bool progress;
            do
            {
                progress = false;
                // Acquire: pairs with smp_store_release(&rb->producer_pos) in __bpf_ringbuf_reserve, so every header
                // below the producer position (written, BUSY set, before that release) is visible to the loads below.
                var producer = Volatile.Read(ref *ring.ProducerPosition);
                while (consumer < producer && count < maxRecords)
                {
                    var header = data + (consumer & mask);
                    // Acquire: pairs with the xchg(&hdr->len) in bpf_ringbuf_commit (a full barrier), so once BUSY is
                    // clear the sample bytes the program wrote before committing are visible too.
                    var len = Volatile.Read(ref *(uint*)header);
                    if ((len & RingRecord.BusyBit) != 0)
                    {
                        // Not committed yet: publish our position (it must equal this record's for the commit to wake
                        // us), then a full fence (store-load) and one second look. Either we now see the commit, or
                        // bpf_ringbuf_commit, whose xchg precedes its load of consumer_pos, sees us caught up and
                        // wakes the poller. Never more than this one re-read: no spinning on a slow producer.
                        Publish(ring, consumer, ref published);
                        Interlocked.MemoryBarrier();
                        len = Volatile.Read(ref *(uint*)header);
                        if ((len & RingRecord.BusyBit) != 0)
                            return count;
                    }
                    var stride = NewStride(RingRecord.Footprint(len), consumer, len, size);
                    progress = true;
                    if ((len & RingRecord.DiscardBit) != 0)
                    {
                        consumer += stride;
                    }
                    else if (commitEvery == 0)
                    {
                        // Per record: published after each one below, as libbpf's ringbuf_process_ring does.
                        consumer += stride;
                        count++;
                        handler.OnRecord(new ReadOnlySpan<byte>(header + RingRecord.HeaderSize, (int)RingRecord.Length(len)));
                    }
                    else
                    {
                        // A run: the committed records of this size that start below the producer position and the
                        // next publish (the data is mapped twice, so a run may cross the end of the ring).
                        var end = Math.Min(producer, published + commitEvery + 1);
                        var records = Math.Min((end - consumer + stride - 1) / stride, (ulong)(maxRecords - count));
                        runStart = runNext = header;
                        WalkRun(header, header + ((records - 1) * stride), stride, ref runNext, ref handler);
                        var walked = (ulong)(runNext - runStart);
                        runStart = runNext = null;
                        consumer += walked;
                        count += (int)(walked / stride);
                    }
                    if (consumer - published > commitEvery)
                        Publish(ring, consumer, ref published);
                }
                Publish(ring, consumer, ref published);
                // Full fence: the release store above and the acquire load of producer_pos at the top of the loop could
                // otherwise be reordered (store-load). Then we could see the old producer position while the kernel, in
                // bpf_ringbuf_commit, sees our old consumer position, decides we are not caught up and skips the
                // wake-up: a record would sit until the next one. Pairs with the full barrier of the xchg in commit.
                Interlocked.MemoryBarrier();
            }
            while (progress && count < maxRecords);
            return count;
        }
        finally
        {
            // A throwing handler: its record is consumed (the records of its run up to it too).
            consumer += (ulong)(runNext - runStart);
            Publish(ring, consumer, ref published);
        }
    }

    /// <summary>
    /// The common case: committed records of one footprint from <paramref name="first"/> to <paramref name="last"/>,
    /// handed over in place until one differs (BUSY, discarded, another size: <see cref="Consume"/> takes it).
    /// <paramref name="next"/> is past the last one handed over, stored before its handler runs, so a throwing
    /// handler's record counts as read. Producers mostly repeat one record size, so the next header's address depends
    /// on no load and the CPU reads ahead. Few values live across the loop (the position, the bound, the stride, the
    /// slot of <paramref name="next"/> and the handler: as many as x64 has registers a call preserves) and no
    /// exception handling: with the position a local of a try block, as it was, every write of it also went to the
    /// stack and the next read came back from it (on AMD Zen 5, 4.5 ns a record against libbpf's 3.4).
    /// </summary>
    private static void WalkRun<THandler>(byte* first, byte* last, ulong stride, ref byte* next, ref THandler handler)
        where THandler : IRingRecordHandler, allows ref struct
    {
        var record = first;
        do
        {
            // Acquire, as in Consume.
            var len = Volatile.Read(ref *(uint*)record);
            if ((len & (RingRecord.BusyBit | RingRecord.DiscardBit)) != 0 || RingRecord.Footprint(len) != stride)
                break;
            next = record + stride;
            handler.OnRecord(new ReadOnlySpan<byte>(record + RingRecord.HeaderSize, (int)len));
            // From next, not kept in a register across the handler.
            record = next;
        }
        while (record <= last);
    }

    /// <summary>
    /// Pull, the common case only: the record at the cursor when it lies below the producer position last read, is
    /// committed (neither BUSY nor discarded), has the previous record's footprint, and no publish is due. Otherwise
    /// false, and <see cref="TryRead"/> decides. Small enough to inline into a caller's loop, where the cursor stays in
    /// registers: per record this is the work of <see cref="Consume"/>'s loop, without its handler call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryReadCommon(in RingLayout ring, ref PullCursor cursor, out byte* record, out int length)
    {
        var position = cursor.Position;
        if (position < cursor.Producer && position - cursor.Published <= ring.Size / 4)
        {
            var header = ring.Data + (position & ring.Mask);
            // Acquire: pairs with the xchg(&hdr->len) in bpf_ringbuf_commit, as in Consume.
            var len = Volatile.Read(ref *(uint*)header);
            if ((len & (RingRecord.BusyBit | RingRecord.DiscardBit)) == 0 && RingRecord.Footprint(len) == cursor.Stride)
            {
                cursor.Position = position + cursor.Stride;
                record = header + RingRecord.HeaderSize;
                length = (int)len;
                return true;
            }
        }
        record = null;
        length = 0;
        return false;
    }

    /// <summary>
    /// Pull: the next committed record from <paramref name="cursor"/> on, skipping discarded ones, with the cursor moved
    /// past it; false when none is ready. The records before the one returned are released a quarter of the ring at a
    /// time (the handler-less form of <see cref="CommitMode.Batched"/>); returning false publishes the cursor with the
    /// same handshake as <see cref="Consume"/> (publish, full fence, one more look), so the commit of a record that is
    /// still BUSY, or the next reserve, wakes the poller.
    /// </summary>
    public static bool TryRead(in RingLayout ring, ref PullCursor cursor, out byte* record, out int length)
    {
        while (true)
        {
            if (cursor.Position >= cursor.Producer && !LookAgain(ring, ref cursor))
                break;
            var header = ring.Data + (cursor.Position & ring.Mask);
            // Acquire: pairs with the xchg(&hdr->len) in bpf_ringbuf_commit, as in Consume.
            var len = Volatile.Read(ref *(uint*)header);
            if ((len & RingRecord.BusyBit) != 0)
            {
                // Published at this record, then the fence: the commit either is seen now or sees us and wakes us.
                Publish(ring, cursor.Position, ref cursor.Published);
                Interlocked.MemoryBarrier();
                len = Volatile.Read(ref *(uint*)header);
                if ((len & RingRecord.BusyBit) != 0)
                    break;
            }
            var start = cursor.Position;
            // As in Consume: the previous stride, changed only in a branch, so the next call's header address does
            // not wait on this header's load.
            var footprint = RingRecord.Footprint(len);
            if (footprint != cursor.Stride)
                cursor.Stride = NewStride(footprint, start, len, ring.Size);
            cursor.Position += cursor.Stride;
            if ((len & RingRecord.DiscardBit) != 0)
                continue;
            // Everything before this record is released: its span was valid only until this call.
            if (start - cursor.Published > ring.Size / 4)
                Publish(ring, start, ref cursor.Published);
            record = header + RingRecord.HeaderSize;
            length = (int)RingRecord.Length(len);
            return true;
        }
        record = null;
        length = 0;
        return false;
    }

    /// <summary>Publishes a pull cursor: every record read through <see cref="TryRead"/> goes back to the producer.</summary>
    public static void Commit(in RingLayout ring, ref PullCursor cursor) => Publish(ring, cursor.Position, ref cursor.Published);

    /// <summary>A pull cursor at the published consumer position.</summary>
    public static PullCursor Start(in RingLayout ring)
    {
        var position = Volatile.Read(ref *ring.ConsumerPosition);
        return new PullCursor { Position = position, Published = position, Producer = position };
    }

    /// <summary>Whether a committed (or discarded) record waits at <paramref name="position"/>: loads only.</summary>
    public static bool HasRecord(in RingLayout ring, ulong position) =>
        position < Volatile.Read(ref *ring.ProducerPosition) &&
        (Volatile.Read(ref *(uint*)(ring.Data + (position & ring.Mask))) & RingRecord.BusyBit) == 0;

    /// <summary>Bytes between the consumer and producer positions (committed or not).</summary>
    public static ulong Pending(in RingLayout ring) =>
        Volatile.Read(ref *ring.ProducerPosition) - Volatile.Read(ref *ring.ConsumerPosition);

    /// <summary>Validates a record size (in Consume, the first of a run; in TryRead, one that differs from the previous one).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong NewStride(ulong footprint, ulong consumer, uint len, ulong size) =>
        footprint <= size ? footprint : throw RecordTooLarge(consumer, len, size);

    private static BpfException RecordTooLarge(ulong consumer, uint len, ulong size) =>
        new($"ring buffer record at position {consumer} claims {RingRecord.Length(len)} bytes in a {size}-byte ring");

    /// <summary>
    /// The cursor caught up with the producer position it knew: reads it again, and if that shows nothing new,
    /// publishes the cursor, fences (store-load, as at the end of <see cref="Consume"/>) and reads it once more.
    /// </summary>
    private static bool LookAgain(in RingLayout ring, ref PullCursor cursor)
    {
        // Acquire: pairs with smp_store_release(&rb->producer_pos) in __bpf_ringbuf_reserve.
        cursor.Producer = Volatile.Read(ref *ring.ProducerPosition);
        if (cursor.Position < cursor.Producer)
            return true;
        Publish(ring, cursor.Position, ref cursor.Published);
        Interlocked.MemoryBarrier();
        cursor.Producer = Volatile.Read(ref *ring.ProducerPosition);
        return cursor.Position < cursor.Producer;
    }

    private static void Publish(in RingLayout ring, ulong consumer, ref ulong published)
    {
        if (consumer == published)
            return;
        // Release: the records' bytes must be fully read before the kernel may reuse their space; pairs with
        // smp_load_acquire(&rb->consumer_pos) in __bpf_ringbuf_reserve.
        Volatile.Write(ref *ring.ConsumerPosition, consumer);
        published = consumer;
    }
}

/// <summary>Where a pull reader stands in one ring: what it has read, published, and last seen of the producer.</summary>
internal struct PullCursor
{
    /// <summary>The position after the last record handed out.</summary>
    public ulong Position;

    /// <summary>The consumer position last published (only this reader writes it).</summary>
    public ulong Published;

    /// <summary>The producer position last read: records below it need no new load of it.</summary>
    public ulong Producer;

    /// <summary>The footprint of the last record read (see <see cref="RingWalker.Consume"/>'s stride).</summary>
    public ulong Stride;
}
