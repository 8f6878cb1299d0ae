using System.Buffers;

namespace ProcTracer.Otlp;

/// <summary>
/// The encoded log records between the ring's thread and the exporter's: at most <see cref="Capacity"/> held,
/// those waiting and those in a batch being sent alike, so the bound holds through an outage. A record offered
/// when it is full is dropped and counted: the ring's reader never waits for the network, and the kernel never
/// loses an event because a collector is slow.
/// </summary>
internal sealed class OtlpQueue(int capacity)
{
    private readonly Queue<(byte[] Buffer, int Length)> _waiting = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _ready = new(0);
    private int _held;
    private long _queueFull;
    private long _refused;
    private long _unsent;
    private long _sent;
    private int _peak;

    /// <summary>The default of --otlp-queue: some seconds of a busy build server's execs and exits; a record takes 0.3-1 KiB
    /// (pooled buffers of a power of two), so at most about 16 MiB.</summary>
    public const int DefaultCapacity = 16384;

    public int Capacity => capacity;

    /// <summary>Records dropped because the queue was full.</summary>
    public long DroppedQueueFull => Interlocked.Read(ref _queueFull);

    /// <summary>Records the collector refused for good (a 4xx other than 429), which a retry would not change.</summary>
    public long DroppedRefused => Interlocked.Read(ref _refused);

    /// <summary>Records still held when the tracer stopped and its last attempts to send them failed.</summary>
    public long DroppedAtExit => Interlocked.Read(ref _unsent);

    public long Dropped => DroppedQueueFull + DroppedRefused + DroppedAtExit;

    /// <summary>Records the collector accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>The most records held at once.</summary>
    public int Peak => Volatile.Read(ref _peak);

    public int Held => Volatile.Read(ref _held);

    /// <summary>Copies the record in, or drops it when <see cref="Capacity"/> records are held already.</summary>
    public bool TryAdd(ReadOnlySpan<byte> record)
    {
        lock (_lock)
        {
            if (_held >= capacity)
            {
                _queueFull++;
                return false;
            }
            var buffer = ArrayPool<byte>.Shared.Rent(record.Length);
            record.CopyTo(buffer);
            _waiting.Enqueue((buffer, record.Length));
            _held++;
            _peak = Math.Max(_peak, _held);
        }
        _ready.Release();
        return true;
    }

    /// <summary>Waits up to <paramref name="wait"/> for a first record, then moves up to <paramref name="max"/> into
    /// <paramref name="batch"/>; they stay counted as held until <see cref="Complete"/>.</summary>
    public void Take(List<(byte[] Buffer, int Length)> batch, int max, TimeSpan wait, CancellationToken stop)
    {
        try
        {
            if (!_ready.Wait(wait, stop))
                return;
        }
        catch (OperationCanceledException)
        {
            return;
        }
        lock (_lock)
        {
            // One semaphore count was taken for the first record; take one for each further record moved.
            batch.Add(_waiting.Dequeue());
            while (batch.Count < max && _waiting.Count > 0 && _ready.Wait(0))
                batch.Add(_waiting.Dequeue());
        }
    }

    /// <summary>Takes everything waiting at once (at exit), without waiting.</summary>
    public void TakeAll(List<(byte[] Buffer, int Length)> batch, int max)
    {
        lock (_lock)
        {
            while (batch.Count < max && _waiting.Count > 0 && _ready.Wait(0))
                batch.Add(_waiting.Dequeue());
        }
    }

    /// <summary>Ends a batch: its records leave the queue, counted as sent, refused, or unsent at exit.</summary>
    public void Complete(List<(byte[] Buffer, int Length)> batch, BatchOutcome outcome)
    {
        foreach (var (buffer, _) in batch)
            ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Add(ref outcome == BatchOutcome.Sent ? ref _sent : ref outcome == BatchOutcome.Refused ? ref _refused : ref _unsent, batch.Count);
        lock (_lock)
            _held -= batch.Count;
        batch.Clear();
    }

    /// <summary>Counts what stays waiting when the exporter gives up at exit.</summary>
    public void Abandon()
    {
        var batch = new List<(byte[] Buffer, int Length)>();
        TakeAll(batch, int.MaxValue);
        Complete(batch, BatchOutcome.Unsent);
    }
}

/// <summary>How a batch left the queue.</summary>
internal enum BatchOutcome
{
    Sent,
    Refused,
    Unsent,
}
