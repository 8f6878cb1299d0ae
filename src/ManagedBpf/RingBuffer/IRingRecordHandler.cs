namespace ManagedBpf.RingBuffer;

/// <summary>
/// Receives records straight from the ring's mapping. Implement it on a struct and pass it by reference to the generic
/// <see cref="RingBufferReader"/> overloads: the call is then specialised and inlined, which is what makes the batched
/// reader cheaper per record than a function pointer call.
/// </summary>
public interface IRingRecordHandler
{
    /// <summary>
    /// One record's bytes, in place in the ring (no copy). Valid only during the call: the space goes back to the
    /// kernel once the consumer position passes it. A throwing handler ends the batch; its record counts as consumed.
    /// </summary>
    void OnRecord(ReadOnlySpan<byte> record);
}
