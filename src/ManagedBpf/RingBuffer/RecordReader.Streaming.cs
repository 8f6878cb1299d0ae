namespace ManagedBpf.RingBuffer;

/// <summary>How Poll re-arms while records are flowing.</summary>
public abstract partial class RecordReader
{
    private TimeSpan _streamingWait = TimeSpan.FromMicroseconds(250);

    // Whether the last Poll delivered records. Only the polling thread reads or writes it.
    private bool _streaming;

    /// <summary>
    /// After a Poll that delivered records, the next one sleeps at most this long (default 250 µs) before looking at
    /// the rings itself; once a Poll finds nothing, the caller's timeout applies again. A producer wakes a sleeping
    /// reader only when it commits the record the reader stopped at (bpf_ringbuf_commit in kernel/bpf/ringbuf.c), and
    /// that wake-up goes through irq_work, which a virtual machine may deliver as late as the next timer tick, while
    /// a small ring fills in a fraction of that and further records are lost. The short sleep bounds that delay without
    /// spinning: the thread still sleeps between looks, and an idle ring costs one extra wait per burst.
    /// <see cref="TimeSpan.Zero"/> means never sleep while streaming; <see cref="Timeout.InfiniteTimeSpan"/> means rely
    /// on the wake-up alone, as libbpf does.
    /// </summary>
    public TimeSpan StreamingWait
    {
        get => _streamingWait;
        set
        {
            ValidateTimeout(value);
            _streamingWait = value;
        }
    }
}
