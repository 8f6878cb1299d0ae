using System.Runtime.CompilerServices;

namespace ManagedBpf.RingBuffer;

/// <summary>
/// The 8-byte record header of BPF ring buffers (struct bpf_ringbuf_hdr, kernel/bpf/ringbuf.c): u32 len whose top
/// bits are flags, u32 pg_off (kernel use only).
/// </summary>
internal static class RingRecord
{
    /// <summary>BPF_RINGBUF_BUSY_BIT: reserved, not yet committed or discarded.</summary>
    public const uint BusyBit = 1u << 31;

    /// <summary>BPF_RINGBUF_DISCARD_BIT: the producer discarded the record; skip it.</summary>
    public const uint DiscardBit = 1u << 30;

    /// <summary>BPF_RINGBUF_HDR_SZ.</summary>
    public const int HeaderSize = 8;

    /// <summary>The sample length without flag bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint Length(uint header) => header & ~(BusyBit | DiscardBit);

    /// <summary>Bytes the record occupies in the ring: round_up(len + header, 8).</summary>
    /// <remarks>Inlined by request: native AOT left it a call in the walk's loop, and the length spilled around it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Footprint(uint header) => (Length(header) + (ulong)HeaderSize + 7) & ~7ul;
}
