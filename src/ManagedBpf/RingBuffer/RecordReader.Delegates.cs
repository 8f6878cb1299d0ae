namespace ManagedBpf.RingBuffer;

/// <summary>The delegate-based surface: convenient for application code; the generic overloads are the fast path.</summary>
public abstract partial class RecordReader
{
    /// <summary>Receives one record; the span points into the ring and is only valid during the call.</summary>
    public delegate void RecordHandler(ReadOnlySpan<byte> record);

    /// <summary>Receives one record read in place as <typeparamref name="T"/>; only valid during the call.</summary>
    public delegate void RecordHandler<T>(in T record) where T : unmanaged;

    /// <summary>As <see cref="Poll{THandler}(TimeSpan, ref THandler, CancellationToken)"/> with a delegate.</summary>
    public int Poll(TimeSpan timeout, RecordHandler handler) => Poll(timeout, handler, CancellationToken.None);

    /// <summary>As <see cref="Poll{THandler}(TimeSpan, ref THandler, CancellationToken)"/> with a delegate; returns 0 promptly once cancelled.</summary>
    public int Poll(TimeSpan timeout, RecordHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var adapter = new DelegateRecordHandler(handler);
        return Poll(timeout, ref adapter, cancellationToken);
    }

    /// <summary>As <see cref="Poll{THandler}(TimeSpan, ref THandler, CancellationToken)"/>, each record read in place as a <typeparamref name="T"/> (a record shorter
    /// than <typeparamref name="T"/> throws <see cref="BpfException"/>).</summary>
    public int Poll<T>(TimeSpan timeout, RecordHandler<T> handler, CancellationToken cancellationToken = default)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(handler);
        var adapter = new TypedRecordHandler<T>(handler);
        return Poll(timeout, ref adapter, cancellationToken);
    }

    /// <summary>Hands every committed record to <paramref name="handler"/> without waiting; returns how many.</summary>
    public int Consume(RecordHandler handler) => Consume(handler, int.MaxValue);

    /// <summary>As <see cref="Consume(RecordHandler)"/>, stopping after <paramref name="maxRecords"/> records.</summary>
    public int Consume(RecordHandler handler, int maxRecords)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var adapter = new DelegateRecordHandler(handler);
        return Consume(ref adapter, maxRecords);
    }

    /// <summary>As <see cref="Consume(RecordHandler)"/>, each record read in place as a <typeparamref name="T"/>.</summary>
    public int Consume<T>(RecordHandler<T> handler) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(handler);
        var adapter = new TypedRecordHandler<T>(handler);
        return Consume(ref adapter);
    }
}
