using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ManagedBpf.Interop;
using ManagedBpf.PerfBuffer;

namespace ManagedBpf.Tests.PerfBuffer;

/// <summary>
/// A perf event ring over ordinary memory, written as kernel/events/ring_buffer.c writes one: records at data_head
/// (8-byte aligned, running on past the end of the data at its start), data_head advanced after the bytes, and no
/// record written unless it fits before data_tail (a sample that does not is counted as lost and reported by a
/// PERF_RECORD_LOST before the next one that fits, as perf_output_begin does).
/// </summary>
internal sealed unsafe class PerfRingSimulator : IDisposable
{
    private readonly PerfEventMmapPage* _header;
    private readonly byte* _data;
    private ulong _unreported;

    public PerfRingSimulator(ulong size)
    {
        Size = size;
        _header = (PerfEventMmapPage*)NativeMemory.AllocZeroed((nuint)sizeof(PerfEventMmapPage));
        _data = (byte*)NativeMemory.AllocZeroed((nuint)size);
        Layout = new PerfRingLayout(_header, _data, size);
    }

    public ulong Size { get; }

    public PerfRingLayout Layout { get; }

    public ulong Head => _header->DataHead;

    public ulong Tail => _header->DataTail;

    /// <summary>Writes a PERF_RECORD_SAMPLE of <paramref name="payload"/> (padded as the kernel pads raw samples); false when it did not fit.</summary>
    public bool Sample(byte[] payload)
    {
        var rawSize = (uint)(((payload.Length + 4 + 7) & ~7) - 4);
        var recordSize = 8 + 4 + (int)rawSize;
        if (_unreported > 0 && Fits(24 + recordSize))
        {
            var lost = new byte[24];
            Header(lost, PerfEvent.RecordLost, 24);
            BinaryPrimitives.WriteUInt64LittleEndian(lost.AsSpan(16), _unreported);
            Append(lost);
            _unreported = 0;
        }
        if (!Fits(recordSize))
        {
            _unreported++;
            return false;
        }
        var record = new byte[recordSize];
        Header(record, PerfEvent.RecordSample, recordSize);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), rawSize);
        payload.CopyTo(record, 12);
        Append(record);
        return true;
    }

    /// <summary>Writes a record of another type (PERF_RECORD_THROTTLE, say), which readers skip.</summary>
    public void Other(uint type, int size)
    {
        var record = new byte[size];
        Header(record, type, size);
        Append(record);
    }

    /// <summary>Writes a header that claims <paramref name="size"/> bytes, whatever follows.</summary>
    public void Corrupt(ushort size)
    {
        var record = new byte[8];
        Header(record, PerfEvent.RecordSample, size);
        Append(record);
    }

    /// <summary>Writes a sample record of <paramref name="recordSize"/> bytes whose raw size claims <paramref name="rawSize"/>.</summary>
    public void Overrun(uint rawSize, int recordSize)
    {
        var record = new byte[recordSize];
        Header(record, PerfEvent.RecordSample, recordSize);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), rawSize);
        Append(record);
    }

    public void Dispose()
    {
        NativeMemory.Free(_header);
        NativeMemory.Free(_data);
    }

    private bool Fits(int size) => _header->DataHead - _header->DataTail + (ulong)size <= Size;

    private static void Header(byte[] record, uint type, int size)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, type);
        BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(6), (ushort)size);
    }

    private void Append(byte[] record)
    {
        var head = _header->DataHead;
        for (var i = 0; i < record.Length; i++)
            _data[(head + (ulong)i) & (Size - 1)] = record[i];
        _header->DataHead = head + (ulong)record.Length;
    }
}
