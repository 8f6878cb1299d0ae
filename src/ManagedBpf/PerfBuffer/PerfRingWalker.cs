using System.Runtime.InteropServices;
using ManagedBpf.Interop;
using ManagedBpf.RingBuffer;

namespace ManagedBpf.PerfBuffer;

/// <summary>
/// The consumer side of a perf event ring, over plain memory so it can be tested without a kernel. The kernel side is
/// kernel/events/ring_buffer.c (v6.18), whose comment above perf_output_put_handle gives the protocol:
/// <code>
///   kernel                              user
///   if (LOAD ->data_tail) {             LOAD ->data_head
///                     (A)               smp_rmb()       (C)
///     STORE $data                       LOAD $data
///     smp_wmb()       (B)               smp_mb()        (D)
///     STORE ->data_head                 STORE ->data_tail
///   }
/// </code>
/// Here (C) is the acquire load of data_head and (D) the release store of data_tail: the loads of the records are
/// done before the kernel may see their space free and write over it (D pairs with A, a control dependency in
/// perf_output_begin). Records are a perf_event_header (u32 type, u16 misc, u16 size) and a body; this reader knows
/// the two a PERF_COUNT_SW_BPF_OUTPUT event writes: PERF_RECORD_SAMPLE with PERF_SAMPLE_RAW (u32 size, then the bytes
/// bpf_perf_event_output gave, padded so the record stays 8-byte aligned) and PERF_RECORD_LOST (u64 id, u64 lost),
/// which the kernel writes before the next sample that fits after others did not (perf_output_begin). Other record
/// types are skipped. The data pages are mapped once, so a record that runs past the end of the ring is copied
/// together into <see cref="PerfCursor.Scratch"/> (as libbpf's perf_event_read_simple does); libbpf's
/// perf_buffer__process_records is the reference consumer.
/// </summary>
internal static unsafe class PerfRingWalker
{
    /// <summary>struct perf_event_header: u32 type, u16 misc, u16 size.</summary>
    private const int HeaderSize = 8;

    /// <summary>The header and the u32 size of PERF_SAMPLE_RAW: where a sample's bytes start.</summary>
    private const int SampleOffset = HeaderSize + sizeof(uint);

    /// <summary>Where the u64 lost count of a PERF_RECORD_LOST is.</summary>
    private const int LostOffset = HeaderSize + sizeof(ulong);

    /// <summary>
    /// Hands every sample between the cursor and data_head to <paramref name="handler"/>, in place unless it wraps,
    /// adding lost counts to the cursor, and keeps going while the kernel writes more; stops after
    /// <paramref name="maxRecords"/> samples. data_tail is published per <paramref name="mode"/> and at the end. A
    /// throwing handler's sample counts as read.
    /// </summary>
    public static int Consume<THandler>(in PerfRingLayout ring, ref PerfCursor cursor, ref THandler handler, int maxRecords, CommitMode mode)
        where THandler : IRingRecordHandler, allows ref struct
    {
        var commitEvery = mode == CommitMode.PerRecord ? 0 : ring.Size / 4;
        var count = 0;
        // The run being walked: where it started and the end of the last record handed over (see WalkRun).
        byte* runStart = null;
        byte* runNext = null;
        try
        {
            while (count < maxRecords)
            {
                if (cursor.Tail >= cursor.Head)
                {
                    // Acquire (C): pairs with the smp_wmb() (B) before the data_head store in perf_output_put_handle,
                    // so every record below data_head is fully written before the loads below.
                    cursor.Head = Volatile.Read(ref ring.Header->DataHead);
                    if (cursor.Tail >= cursor.Head)
                        break;
                }
                // Up to data_head, or to where the next publish is due, whichever comes first.
                var end = Math.Min(cursor.Head, cursor.Published + commitEvery + 1);
                var offset = cursor.Tail & ring.Mask;
                var header = *(ulong*)(ring.Data + offset);
                var stride = header >> 48;
                // Per record (commitEvery 0), each record is read alone and published after it, as libbpf does.
                if (commitEvery > 0 && (uint)header == PerfEvent.RecordSample && stride > SampleOffset && stride % 8 == 0 && offset + stride <= ring.Size)
                {
                    // A run: the samples of this size that start below the end and lie whole in the ring.
                    var records = Math.Min((end - cursor.Tail + stride - 1) / stride, (ring.Size - offset) / stride);
                    records = Math.Min(records, (ulong)(maxRecords - count));
                    runStart = runNext = ring.Data + offset;
                    WalkRun(runStart, runStart + ((records - 1) * stride), ref runNext, ref handler);
                    count += (int)((ulong)(runNext - runStart) / stride);
                    cursor.Tail += (ulong)(runNext - runStart);
                    runStart = runNext = null;
                }
                if (count < maxRecords && cursor.Tail < end && cursor.Tail < cursor.Head)
                    count += ReadRecord(ring, ref cursor, ref handler);
                if (cursor.Tail - cursor.Published > commitEvery)
                    Publish(ring, cursor.Tail, ref cursor.Published);
            }
            return count;
        }
        finally
        {
            // A handler threw in a run: the records up to its own count as read.
            cursor.Tail += (ulong)(runNext - runStart);
            Publish(ring, cursor.Tail, ref cursor.Published);
        }
    }

    /// <summary>
    /// The common case: samples of the first one's size, from <paramref name="first"/> to <paramref name="last"/> in
    /// place, handed over until one differs (another type or size, or a raw size that overruns it; read then by
    /// <see cref="ReadRecord"/>). <paramref name="next"/> is past the last one handed over, stored before its handler
    /// runs, so a throwing handler's sample counts as read. Few values live across the
    /// loop (the position, the bound, the first header, <paramref name="next"/> and the handler: as many as x64 has
    /// registers a call preserves) and no exception handling: the JIT keeps them in registers. With the position a
    /// local of a try block, every write of it also went to the stack and the next read came back from it.
    /// </summary>
    private static void WalkRun<THandler>(byte* first, byte* last, ref byte* next, ref THandler handler)
        where THandler : IRingRecordHandler, allows ref struct
    {
        var header = *(ulong*)first;
        var record = first;
        do
        {
            // As in RingWalker: the next record's address depends on no load, so the CPU reads ahead.
            var word = *(ulong*)record;
            var length = *(uint*)(record + HeaderSize);
            if ((uint)word != PerfEvent.RecordSample || word >> 48 != header >> 48 || length > (header >> 48) - SampleOffset)
                break;
            next = record + (header >> 48);
            handler.OnRecord(new ReadOnlySpan<byte>(record + SampleOffset, (int)length));
            // From next, not kept in a register across the handler: x64 has only so many a call preserves.
            record = next;
        }
        while (record <= last);
    }

    /// <summary>
    /// The record at the cursor, whatever it is: a sample (put together in the scratch buffer when it runs past the end
    /// of the ring) handed over, a lost count added to the cursor, another type skipped. Returns the samples handed
    /// over (0 or 1); a record that breaks the format throws.
    /// </summary>
    private static int ReadRecord<THandler>(in PerfRingLayout ring, ref PerfCursor cursor, ref THandler handler)
        where THandler : IRingRecordHandler, allows ref struct
    {
        var position = cursor.Tail;
        var record = TakeRecord(ring, ref cursor, out var type, out _);
        if (type != PerfEvent.RecordSample)
            return 0;
        handler.OnRecord(Sample(record, position));
        return 1;
    }

    /// <summary>
    /// The record at the cursor, with the cursor moved past it and a PERF_RECORD_LOST's count added to it: in place, or
    /// put together in the scratch buffer when it runs past the end of the ring (<paramref name="inScratch"/>).
    /// </summary>
    private static ReadOnlySpan<byte> TakeRecord(scoped in PerfRingLayout ring, scoped ref PerfCursor cursor, out uint type, out bool inScratch)
    {
        var position = cursor.Tail;
        var offset = position & ring.Mask;
        var header = *(ulong*)(ring.Data + offset);
        var size = CheckSize(header >> 48, position, ring.Size);
        inScratch = offset + size > ring.Size;
        var record = inScratch ? Unwrap(ring, offset, (int)size, ref cursor.Scratch) : new ReadOnlySpan<byte>(ring.Data + offset, (int)size);
        cursor.Tail = position + size;
        type = (uint)header;
        if (type == PerfEvent.RecordLost && record.Length >= LostOffset + sizeof(ulong))
            cursor.Lost += MemoryMarshal.Read<ulong>(record[LostOffset..]);
        return record;
    }

    /// <summary>
    /// Pull: the next sample from the cursor on (lost counts on the way are added to the cursor), with the cursor moved
    /// past it: <paramref name="start"/> and <paramref name="length"/> locate its bytes in the data pages, or in
    /// <see cref="PerfCursor.Scratch"/> when <paramref name="inScratch"/>. The records before it are released a quarter
    /// of the ring at a time; false when none is ready, and then all of them are.
    /// </summary>
    public static bool TryRead(in PerfRingLayout ring, ref PerfCursor cursor, out int start, out int length, out bool inScratch)
    {
        while (true)
        {
            if (cursor.Tail >= cursor.Head)
            {
                // Acquire (C), as in Consume.
                cursor.Head = Volatile.Read(ref ring.Header->DataHead);
                if (cursor.Tail >= cursor.Head)
                    break;
            }
            var begin = cursor.Tail;
            var record = TakeRecord(ring, ref cursor, out var type, out inScratch);
            if (type != PerfEvent.RecordSample)
                continue;
            // Everything before this record is released: its span was valid only until this call.
            if (begin - cursor.Published > ring.Size / 4)
                Publish(ring, begin, ref cursor.Published);
            length = Sample(record, begin).Length;
            start = (inScratch ? 0 : (int)(begin & ring.Mask)) + SampleOffset;
            return true;
        }
        Publish(ring, cursor.Tail, ref cursor.Published);
        start = length = 0;
        inScratch = false;
        return false;
    }

    /// <summary>Publishes the cursor: every record read goes back to the kernel.</summary>
    public static void Commit(in PerfRingLayout ring, ref PerfCursor cursor) => Publish(ring, cursor.Tail, ref cursor.Published);

    /// <summary>A cursor at the published data_tail.</summary>
    public static PerfCursor Start(in PerfRingLayout ring)
    {
        var tail = Volatile.Read(ref ring.Header->DataTail);
        return new PerfCursor { Tail = tail, Published = tail, Head = tail, Scratch = [] };
    }

    /// <summary>Whether a record waits at <paramref name="position"/> (a sample, or a lost count before one).</summary>
    public static bool HasRecord(in PerfRingLayout ring, ulong position) => position < Volatile.Read(ref ring.Header->DataHead);

    /// <summary>Bytes between data_tail and data_head.</summary>
    public static ulong Pending(in PerfRingLayout ring) =>
        Volatile.Read(ref ring.Header->DataHead) - Volatile.Read(ref ring.Header->DataTail);

    /// <summary>The raw bytes of a PERF_SAMPLE_RAW sample (with the kernel's padding to 8-byte alignment).</summary>
    private static ReadOnlySpan<byte> Sample(ReadOnlySpan<byte> record, ulong position)
    {
        var size = record.Length >= SampleOffset ? MemoryMarshal.Read<uint>(record[HeaderSize..]) : uint.MaxValue;
        return size <= (uint)(record.Length - SampleOffset)
            ? record.Slice(SampleOffset, (int)size)
            : throw new BpfException($"perf sample at position {position} claims {size} bytes in a {record.Length}-byte record");
    }

    /// <summary>A record size must hold its header, keep records 8-byte aligned, and fit the ring.</summary>
    private static ulong CheckSize(ulong size, ulong position, ulong ringSize) =>
        size >= HeaderSize && size % 8 == 0 && size <= ringSize
            ? size
            : throw new BpfException($"perf record at position {position} claims {size} bytes in a {ringSize}-byte ring");

    /// <summary>Copies a record that runs past the end of the ring into the scratch buffer, in one piece.</summary>
    private static ReadOnlySpan<byte> Unwrap(scoped in PerfRingLayout ring, ulong offset, int size, scoped ref byte[] scratch)
    {
        // Pinned: a pull reader hands out a pointer into it (PerfRing.TryRead).
        if (scratch.Length < size)
            scratch = GC.AllocateUninitializedArray<byte>(Math.Max(size, 2 * scratch.Length), pinned: true);
        var first = (int)(ring.Size - offset);
        new ReadOnlySpan<byte>(ring.Data + offset, first).CopyTo(scratch);
        new ReadOnlySpan<byte>(ring.Data, size - first).CopyTo(scratch.AsSpan(first));
        return scratch.AsSpan(0, size);
    }

    private static void Publish(in PerfRingLayout ring, ulong tail, ref ulong published)
    {
        if (tail == published)
            return;
        // Release (D): every load of the records below tail is done before the kernel sees their space free.
        Volatile.Write(ref ring.Header->DataTail, tail);
        published = tail;
    }
}
