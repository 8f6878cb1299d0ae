using System.Buffers.Binary;
using ManagedBpf.RingBuffer;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>Checks that the sequence numbers starting each record only go up, by one unless gaps are allowed.</summary>
internal struct SequenceChecker() : IRingRecordHandler
{
    public long Count;
    public int Errors;
    public int Disorder;
    public ulong Next;
    public ulong Gaps;
    public int LastLength;

    public bool AllowGaps { get; init; }

    public void OnRecord(ReadOnlySpan<byte> record)
    {
        var seq = BinaryPrimitives.ReadUInt64LittleEndian(record);
        if (seq < Next)
            Disorder++;
        if (seq < Next || (seq > Next && !AllowGaps))
            Errors++;
        if (seq > Next)
            Gaps += seq - Next;
        Next = seq + 1;
        Count++;
        LastLength = record.Length;
    }
}
