using System.Runtime.CompilerServices;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// Where a pull reader stands across a reader's rings, for every pull surface (<see cref="RecordReader.TryRead"/>,
/// <see cref="RecordBatch"/>, the async streams): it drains one ring before it moves to the next, and takes a BPF ring
/// buffer's records inline (<see cref="RingWalker.TryReadCommon"/> on a copy of the ring's position, held in the
/// caller's registers when the cursor is a local), so per record it does the work of <see cref="RingWalker.Consume"/>'s
/// loop: no ring choice, no interface call, no mapping hold, no store of the position. A perf ring is read a sample per
/// call (<see cref="IPullRing.TryRead"/>). Records handed out go back to the producer when the cursor leaves their ring
/// (it ran dry, or <see cref="Commit"/>), and during a long walk a quarter of a ring at a time, as in
/// <see cref="CommitMode.Batched"/>: one release store of consumer_pos per batch, where libbpf's ringbuf_process_ring
/// makes one per record.
/// </summary>
internal unsafe struct RecordCursor(IRecordRing[] rings)
{
    private readonly IRecordRing[] _rings = rings;

    // The ring being read; -1 when the cursor is in none (the next record is looked for from the first ring on).
    private int _index = -1;

    // The ring being read when it is a BPF ring buffer (walked inline on _layout and _position), or a perf ring.
    private RingMapping? _mapping;
    private IPullRing? _pullRing;
    private RingLayout _layout;
    private PullCursor _position;

    /// <summary>The record handed out last.</summary>
    public byte* Record;

    /// <summary>Its length in bytes.</summary>
    public int Length;

    /// <summary>
    /// Moves to the next record of any ring (<see cref="Record"/>, <see cref="Length"/>); false when every ring is dry,
    /// and then every record handed out has gone back to the producers and the cursor is in no ring.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool MoveNext() =>
        (_mapping is not null && RingWalker.TryReadCommon(_layout, ref _position, out Record, out Length)) || MoveNextRing();

    /// <summary>The record handed out last, as memory over the same bytes (the async surface hands out memory).</summary>
    public readonly ReadOnlyMemory<byte> AsMemory() =>
        _mapping is not null ? _mapping.AsMemory(Record, Length) : _pullRing!.AsMemory(Record, Length);

    /// <summary>
    /// Gives every record handed out back to the producer (a release store of the ring's consumer position), the last
    /// one included, and leaves the ring: the next <see cref="MoveNext"/> starts again at the first ring.
    /// </summary>
    public void Commit()
    {
        _mapping?.Leave(_position);
        _pullRing?.Commit();
        _mapping = null;
        _pullRing = null;
        _index = -1;
    }

    /// <summary>
    /// Everything but the common record: the full <see cref="RingWalker.TryRead"/> (a new producer position, a BUSY or
    /// discarded record, a new size, a quarter-ring publish), the ring running dry (left with its position published),
    /// the next ring.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool MoveNextRing()
    {
        while (true)
        {
            if (_mapping is not null)
            {
                if (RingWalker.TryRead(_layout, ref _position, out Record, out Length))
                    return true;
                // Dry: TryRead published the position with the wake-up handshake before saying so.
                _mapping.Leave(_position);
                _mapping = null;
            }
            else if (_pullRing is not null)
            {
                if (_pullRing.TryRead(out Record, out Length))
                    return true;
                _pullRing = null;
            }
            if (++_index == _rings.Length)
            {
                _index = -1;
                return false;
            }
            if (_rings[_index] is RingMapping mapping)
            {
                _position = mapping.Enter();
                _layout = mapping.Layout;
                _mapping = mapping;
            }
            else
            {
                _pullRing = (IPullRing)_rings[_index];
            }
        }
    }
}
