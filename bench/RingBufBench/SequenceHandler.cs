using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.RingBuffer;

namespace RingBufBench;

/// <summary>The same work per record as the C baseline's on_record: read the sequence number, count gaps and
/// numbers seen twice or out of order (one predictable branch on the common, in-order path).</summary>
internal struct SequenceHandler : IRingRecordHandler
{
    public ulong Next;
    public ulong Count;
    public ulong Gaps;
    public ulong GapEvents;
    public ulong Disorder;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnRecord(ReadOnlySpan<byte> record)
    {
        var seq = MemoryMarshal.Read<ulong>(record);
        if (seq != Next)
            Unexpected(seq);
        Next = seq + 1;
        Count++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Unexpected(ulong seq)
    {
        if (seq < Next)
        {
            Disorder++;
            return;
        }
        Gaps += seq - Next;
        GapEvents++;
    }
}
