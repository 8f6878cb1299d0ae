namespace ManagedBpf.RingBuffer;

/// <summary>When the reader publishes its consumer position, handing space back to the BPF producers.</summary>
public enum CommitMode
{
    /// <summary>
    /// Once per batch: after the last committed record seen, before stopping at an uncommitted one, and every quarter of
    /// the ring during a long drain, so producers get room back without a store to the shared page per record.
    /// </summary>
    Batched,

    /// <summary>After every record, as libbpf's ringbuf_process_ring does.</summary>
    PerRecord,
}
