using System.Runtime.CompilerServices;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// The async streams, for <c>await foreach</c>: while records are ready, each step completes synchronously (a ready
/// <see cref="ValueTask{TResult}"/>: no state machine, no allocation); only a dry reader awaits
/// <see cref="WaitToReadAsync"/>.
/// </summary>
public abstract partial class RecordReader
{
    /// <summary>
    /// The records as they come, a batch at a time, for
    /// <c>await foreach (var batch in reader.ReadBatchesAsync(token)) foreach (var record in batch) ...</c>: each
    /// <see cref="RecordBatch"/> is walked synchronously, as spans in place, and commits when its loop ends (records a
    /// loop does not reach come again in the next batch). The fastest async surface: the wait and the interface calls
    /// are paid once per batch, and per record the walk costs what a struct handler costs in
    /// <see cref="Consume{THandler}(ref THandler, int)"/>. Ends when the reader is disposed; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled. One enumeration
    /// at a time.
    /// </summary>
    public IAsyncEnumerable<RecordBatch> ReadBatchesAsync(CancellationToken cancellationToken = default) =>
        new BatchStream(this, cancellationToken);

    /// <summary>
    /// Every record as it comes, for <c>await foreach</c>; ends when the reader is disposed, throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled. Each record is
    /// memory in place in the ring, valid until the loop asks for the next one (copy what you keep); the records before
    /// it are given back to the producer as the loop goes on (a quarter of a ring at a time, and all of them whenever the
    /// rings run dry). One enumeration at a time. Per record it pays an interface call and a memory slice that
    /// <see cref="ReadBatchesAsync"/> does not.
    /// </summary>
    public IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        new RecordStream(this, cancellationToken);

    /// <summary>The <see cref="ReadBatchesAsync"/> enumeration: a batch at once while a record is ready, else a wait.</summary>
    private sealed class BatchStream(RecordReader reader, CancellationToken token) : AsyncStream<RecordBatch>(reader, token)
    {
        private protected override bool TryMoveNext()
        {
            if (!Reader.IsReady())
                return false;
            Current = new RecordBatch(Reader);
            return true;
        }
    }

    /// <summary>The <see cref="ReadAllAsync"/> enumeration: a record synchronously while one is ready, else a wait.</summary>
    private sealed class RecordStream(RecordReader reader, CancellationToken token) : AsyncStream<ReadOnlyMemory<byte>>(reader, token)
    {
        private protected override bool TryMoveNext()
        {
            if (!Reader.TryReadMemory(out var record))
                return false;
            Current = record;
            return true;
        }
    }

    /// <summary>What both streams share: the tokens, the synchronous step, the wait, the commit at the end.</summary>
    private abstract class AsyncStream<T>(RecordReader reader, CancellationToken token) : IAsyncEnumerable<T>, IAsyncEnumerator<T>
    {
        private CancellationToken _token = token;
        private CancellationTokenSource? _linked;
        private bool _enumerating;

        public T Current { get; private protected set; } = default!;

        private protected RecordReader Reader { get; } = reader;

        public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        {
            if (_enumerating)
                throw new InvalidOperationException("a reader's stream enumerates once; ask the reader for another one");
            _enumerating = true;
            if (cancellationToken.CanBeCanceled && _token.CanBeCanceled)
            {
                _linked = CancellationTokenSource.CreateLinkedTokenSource(_token, cancellationToken);
                _token = _linked.Token;
            }
            else if (cancellationToken.CanBeCanceled)
            {
                _token = cancellationToken;
            }
            return this;
        }

        public ValueTask<bool> MoveNextAsync()
        {
            if (_token.IsCancellationRequested)
                return ValueTask.FromCanceled<bool>(_token);
            if (Reader._disposed)
                return new ValueTask<bool>(false);
            return TryMoveNext() ? new ValueTask<bool>(true) : WaitAndMoveNextAsync();
        }

        public ValueTask DisposeAsync()
        {
            _linked?.Dispose();
            if (!Reader._disposed)
                Reader.Commit();
            return default;
        }

        /// <summary>The next element if one is ready now (no wait); false otherwise.</summary>
        private protected abstract bool TryMoveNext();

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<bool> WaitAndMoveNextAsync()
        {
            while (await Reader.WaitToReadAsync(_token).ConfigureAwait(false))
            {
                if (Reader._disposed)
                    return false;
                if (TryMoveNext())
                    return true;
            }
            return false;
        }
    }
}
