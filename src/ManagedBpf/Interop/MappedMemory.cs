using System.Buffers;

namespace ManagedBpf.Interop;

/// <summary>
/// Mapped pages as <see cref="Memory{T}"/>, so slices of them (records, files) can be handed out without a copy and
/// without an allocation each. Pinning is free: the pages never move. The owner of the mapping keeps it alive for as
/// long as the memory may be used; this object does not unmap anything.
/// </summary>
internal sealed unsafe class MappedMemory(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
