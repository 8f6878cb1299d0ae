using System.Runtime.CompilerServices;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// The records ready in a reader's rings, walked with <c>foreach (var record in batch)</c>: each one a span in place in
/// the ring, valid until the loop moves on. The consumer position is published once, when the loop ends (its
/// enumerator is disposed, also on <c>break</c> or an exception): then every record the loop reached goes back to the
/// producers, the last one included, and records it did not reach are read again by the next batch. A batch longer than
/// a quarter of a ring also gives space back on the way, a quarter of the ring at a time, as
/// <see cref="CommitMode.Batched"/> does. Records committed while the loop runs join it (it ends when the rings are
/// dry). Per record this costs what a <see cref="IRingRecordHandler"/> costs in
/// <see cref="RecordReader.Consume{THandler}(ref THandler, int)"/> (for a BPF ring buffer; a perf buffer's samples are
/// taken one call each). One enumeration of one reader at a time, on the reader's thread.
/// </summary>
public readonly struct RecordBatch
{
    private readonly RecordReader _reader;

    internal RecordBatch(RecordReader reader) => _reader = reader;

    /// <summary>Starts the walk (records <see cref="RecordReader.TryRead"/> handed out are committed first).</summary>
    /// <exception cref="ObjectDisposedException">The reader is disposed.</exception>
    public Enumerator GetEnumerator() => new(_reader);

    /// <summary>The walk over a <see cref="RecordBatch"/>; disposing it commits (the <c>foreach</c> does).</summary>
    public ref struct Enumerator
    {
        private readonly RecordReader _reader;
        private RecordCursor _cursor;

        internal Enumerator(RecordReader reader)
        {
            _reader = reader;
            _cursor = reader.StartBatch();
        }

        /// <summary>The record, in place in the ring: valid until <see cref="MoveNext"/> or <see cref="Dispose"/>.</summary>
        public readonly unsafe ReadOnlySpan<byte> Current => new(_cursor.Record, _cursor.Length);

        /// <summary>Moves to the next record; false when the rings are dry.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MoveNext() => _cursor.MoveNext();

        /// <summary>Commits: the records walked go back to the producers (nothing once the reader is disposed).</summary>
        public void Dispose() => _reader.EndBatch(ref _cursor);
    }
}
