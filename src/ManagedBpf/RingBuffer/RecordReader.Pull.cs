namespace ManagedBpf.RingBuffer;

/// <summary>
/// The pull surfaces: one record at a time (<see cref="TryRead"/>, as cilium/ebpf's readers and
/// <c>ChannelReader.TryRead</c> offer it), or every record ready now (<see cref="ReadAvailable"/>), in place, without
/// waiting.
/// </summary>
public abstract partial class RecordReader
{
    // Where TryRead (and ReadAllAsync) stand. Every other member commits it first, so a ring's own position is current
    // whenever something else reads it.
    private RecordCursor _pull;

    /// <summary>
    /// The next record of any ring, in place, without waiting: false when none is ready. The span stays valid until the
    /// next call on this reader (of any member); the records before it are given back to the producer as reading goes
    /// on (a quarter of a ring at a time), and all of them, this one included, when a call returns false or
    /// <see cref="Commit"/> (or any other member) is called.
    /// </summary>
    public unsafe bool TryRead(out ReadOnlySpan<byte> record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pull.MoveNext())
        {
            record = new ReadOnlySpan<byte>(_pull.Record, _pull.Length);
            return true;
        }
        record = default;
        return false;
    }

    /// <summary>Gives back the space of every record read through <see cref="TryRead"/>; their spans are then invalid.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _pull.Commit();
    }

    /// <summary>
    /// Every record ready now, for <c>foreach (var record in reader.ReadAvailable())</c>: spans in place, the consumer
    /// position published once when the loop ends (see <see cref="RecordBatch"/>). The cheapest way to pull: per record
    /// it costs what a struct handler costs in <see cref="Consume{THandler}(ref THandler, int)"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public RecordBatch ReadAvailable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new RecordBatch(this);
    }

    /// <summary>A batch's cursor, in no ring yet, once what <see cref="TryRead"/> handed out is committed.</summary>
    internal RecordCursor StartBatch()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _pull.Commit();
        return new RecordCursor(_rings);
    }

    /// <summary>A batch ends: its records go back to the producers (a disposed reader's rings are gone already).</summary>
    internal void EndBatch(ref RecordCursor cursor)
    {
        if (!_disposed)
            cursor.Commit();
    }

    /// <summary>As <see cref="TryRead(out ReadOnlySpan{byte})"/>, as memory (what the async surface hands out).</summary>
    private bool TryReadMemory(out ReadOnlyMemory<byte> record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pull.MoveNext())
        {
            record = _pull.AsMemory();
            return true;
        }
        record = default;
        return false;
    }

    /// <summary>
    /// Whether a record is ready now, asked on the reader's thread: what <see cref="TryRead"/> handed out goes back
    /// first, so the rings' positions are the ones to look from (and the ones the async waiter looks from).
    /// </summary>
    private bool IsReady()
    {
        _pull.Commit();
        return HasRecord();
    }

    /// <summary>
    /// Whether some ring has a record ready (loads only; the async waiter's thread calls it too, so it must not move
    /// <see cref="_pull"/>: callers on the reader's thread commit that first).
    /// </summary>
    private bool HasRecord()
    {
        foreach (var ring in _rings)
        {
            if (ring.HasRecord())
                return true;
        }
        return false;
    }
}
