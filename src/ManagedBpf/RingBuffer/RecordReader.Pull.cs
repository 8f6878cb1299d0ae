namespace ManagedBpf.RingBuffer;

/// <summary>
/// The pull surface, as cilium/ebpf's readers and <c>ChannelReader.TryRead</c> offer it: ask for one record at a
/// time, in place, without waiting.
/// </summary>
public abstract partial class RecordReader
{
    // The ring TryRead drains until it runs dry, before it moves on to the next.
    private int _current;

    /// <summary>
    /// The next record of any ring, in place, without waiting: false when none is ready. The span stays valid until the
    /// next call on this reader (of any member); the records before it are given back to the producer as reading goes
    /// on (a quarter of a ring at a time), and all of them, this one included, when a call returns false or
    /// <see cref="Commit"/> is called.
    /// </summary>
    public unsafe bool TryRead(out ReadOnlySpan<byte> record)
    {
        if (TryReadNext(out _, out var start, out var length))
        {
            record = new ReadOnlySpan<byte>(start, length);
            return true;
        }
        record = default;
        return false;
    }

    /// <summary>Gives back the space of every record read through <see cref="TryRead"/>; their spans are then invalid.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var ring in _rings)
            ring.Commit();
    }

    /// <summary>As <see cref="TryRead(out ReadOnlySpan{byte})"/>, as memory (what the async surface hands out).</summary>
    private protected unsafe bool TryReadMemory(out ReadOnlyMemory<byte> record)
    {
        if (TryReadNext(out var ring, out var start, out var length))
        {
            record = ring.AsMemory(start, length);
            return true;
        }
        record = default;
        return false;
    }

    private unsafe bool TryReadNext(out IRecordRing ring, out byte* record, out int length)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var tried = 0; tried < _rings.Length; tried++)
        {
            ring = _rings[_current];
            if (ring.TryRead(out record, out length))
                return true;
            _current = _current + 1 == _rings.Length ? 0 : _current + 1;
        }
        ring = _rings[0];
        record = null;
        length = 0;
        return false;
    }

    /// <summary>Whether some ring has a record ready (loads only).</summary>
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
