using System.Threading.Tasks.Sources;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// The async wait, shaped as <c>ChannelReader</c>'s: <see cref="WaitToReadAsync"/> then <see cref="TryRead"/> or
/// <see cref="ReadAvailable"/>; the streams (<see cref="ReadBatchesAsync"/>, <see cref="ReadAllAsync"/>) are built on
/// it. When the rings are dry, one thread of the reader's own sleeps in epoll_wait for them (started on the first
/// wait, ended by Dispose), so no caller's thread blocks and nothing spins.
/// </summary>
public abstract partial class RecordReader
{
    private AsyncWaiter? _waiter;

    /// <summary>
    /// Completes with true once a record can be read (at once if one is ready), or with false once the reader is
    /// disposed. One wait at a time.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled<bool>(cancellationToken);
        if (_disposed)
            return new ValueTask<bool>(false);
        return IsReady() ? new ValueTask<bool>(true) : (_waiter ??= new AsyncWaiter(this)).Wait(cancellationToken);
    }

    private void StopWaiter() => _waiter?.Stop();

    /// <summary>The thread that waits on the epoll set for an async caller, and the value task it completes.</summary>
    private sealed class AsyncWaiter : IValueTaskSource<bool>
    {
        private readonly RecordReader _reader;
        private readonly Thread _thread;
        private readonly object _gate = new();
        private ManualResetValueTaskSourceCore<bool> _source = new() { RunContinuationsAsynchronously = true };
        private CancellationToken _token;
        private CancellationTokenRegistration _registration;
        private bool _requested;
        private volatile bool _stopping;

        // Whether the last wait ended with a record: then the next one looks at the rings after StreamingWait even
        // without a wake-up, as Poll does (a late irq_work wake-up must not hold a streaming reader up).
        private bool _flowing;

        public AsyncWaiter(RecordReader reader)
        {
            _reader = reader;
            _thread = new Thread(Run) { IsBackground = true, Name = $"bpf wait {reader._rings[0].Name}" };
            _thread.Start();
        }

        public ValueTask<bool> Wait(CancellationToken token)
        {
            lock (_gate)
            {
                if (_requested)
                    throw new InvalidOperationException("a wait is pending already: one reader, one waiting caller");
                _source.Reset();
                _token = token;
                // Registered before the thread looks: a cancellation from now on wakes its epoll_wait (the eventfd stays
                // readable until drained, so a wake-up sent before the thread waits still ends the wait).
                _registration = token.UnsafeRegister(static state => ((RecordReader)state!).Wake(), _reader);
                _requested = true;
                Monitor.Pulse(_gate);
            }
            return new ValueTask<bool>(this, _source.Version);
        }

        /// <summary>Ends the thread: a pending wait completes with false.</summary>
        public void Stop()
        {
            lock (_gate)
            {
                _stopping = true;
                Monitor.Pulse(_gate);
            }
            _reader.Wake();
            // Continuations run elsewhere (RunContinuationsAsynchronously), so the thread leaves promptly.
            _thread.Join();
        }

        public bool GetResult(short token) => _source.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _source.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _source.OnCompleted(continuation, state, token, flags);

        private void Run()
        {
            while (true)
            {
                CancellationToken token;
                lock (_gate)
                {
                    while (!_requested && !_stopping)
                        Monitor.Wait(_gate);
                    if (!_requested)
                        return;
                    token = _token;
                }
                Exception? error = null;
                var found = false;
                try
                {
                    found = WaitForRecord(token);
                }
                catch (Exception e)
                {
                    error = e;
                }
                _registration.Dispose();
                lock (_gate)
                    _requested = false;
                _flowing = found;
                if (error is null)
                    _source.SetResult(found);
                else
                    _source.SetException(error);
            }
        }

        private bool WaitForRecord(CancellationToken token)
        {
            Span<ulong> tags = stackalloc ulong[Math.Min(_reader._rings.Length + 1, Interop.Epoll.MaxEvents)];
            var idle = 0;
            while (true)
            {
                if (_stopping)
                    return false;
                token.ThrowIfCancellationRequested();
                if (_reader.HasRecord())
                    return true;
                var wait = _flowing ? _reader._streamingWait : Timeout.InfiniteTimeSpan;
                var signalled = _reader.WaitForSignal(wait, tags, out _);
                if (signalled == 0)
                    _flowing = false;
                // Ready with nothing to read: perf reports a wake-up already drained once more, and a ring buffer reports
                // a reserved record not yet committed for as long as the producer holds it (ringbuf_map_poll_kern checks
                // only the positions). The first is one spurious return; for the second, back off instead of spinning.
                idle = signalled > 0 && !_reader.HasRecord() ? idle + 1 : 0;
                if (idle > 1)
                    Thread.Sleep(1);
            }
        }
    }
}
