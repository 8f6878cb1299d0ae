namespace ManagedBpf.RingBuffer;

/// <summary>
/// Where a ring's pieces are in memory: the consumer and producer positions (each on its own page in the kernel's
/// layout) and the data area, which must be readable for 2 × size bytes from <see cref="Data"/> so that a record that
/// wraps past the end reads contiguously (the kernel maps the data pages twice; tests mirror the bytes).
/// </summary>
internal readonly unsafe struct RingLayout
{
    public RingLayout(ulong* consumerPosition, ulong* producerPosition, byte* data, ulong size)
    {
        if (size == 0 || (size & (size - 1)) != 0)
            throw new ArgumentException($"ring size {size} is not a power of two", nameof(size));
        ConsumerPosition = consumerPosition;
        ProducerPosition = producerPosition;
        Data = data;
        Size = size;
    }

    /// <summary>The consumer position, written only by user space.</summary>
    public ulong* ConsumerPosition { get; }

    /// <summary>The producer position, written only by the kernel.</summary>
    public ulong* ProducerPosition { get; }

    /// <summary>Start of the data area.</summary>
    public byte* Data { get; }

    /// <summary>Data size in bytes (a power of two); positions are taken modulo it.</summary>
    public ulong Size { get; }

    /// <summary>Size - 1.</summary>
    public ulong Mask => Size - 1;
}
