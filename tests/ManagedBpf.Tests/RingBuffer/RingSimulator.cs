using System.Runtime.InteropServices;
using ManagedBpf.RingBuffer;

namespace ManagedBpf.Tests.RingBuffer;

/// <summary>
/// A producer over ordinary memory that behaves like kernel/bpf/ringbuf.c: reserve writes a BUSY header and
/// advances producer_pos; commit clears BUSY (optionally setting DISCARD). The data area is 2 × size and every
/// byte is written at both offsets, as the kernel's double mapping shows it.
/// </summary>
internal sealed unsafe class RingSimulator : IDisposable
{
    private readonly ulong* _positions;
    private readonly byte* _data;

    public RingSimulator(ulong size)
    {
        Size = size;
        _positions = (ulong*)NativeMemory.AllocZeroed(2, sizeof(ulong));
        _data = (byte*)NativeMemory.AllocZeroed((nuint)(2 * size));
        Layout = new RingLayout(&_positions[0], &_positions[1], _data, size);
    }

    public ulong Size { get; }

    public RingLayout Layout { get; }

    public ulong Consumer => _positions[0];

    public ulong Producer
    {
        get => _positions[1];
        set => _positions[1] = value;
    }

    /// <summary>Reserves a record like bpf_ringbuf_reserve; null when it does not fit (the kernel returns NULL).</summary>
    public ulong? Reserve(byte[] payload)
    {
        var footprint = ((ulong)payload.Length + 8 + 7) & ~7ul;
        if (Producer - Consumer + footprint > Size)
            return null;
        var position = Producer;
        WriteUInt(position, (uint)payload.Length | RingRecord.BusyBit);
        WriteUInt(position + 4, 0);
        for (var i = 0; i < payload.Length; i++)
            WriteByte(position + 8 + (ulong)i, payload[i]);
        Producer = position + footprint;
        return position;
    }

    public void Commit(ulong position, bool discard)
    {
        var header = ReadUInt(position) & ~RingRecord.BusyBit;
        WriteUInt(position, discard ? header | RingRecord.DiscardBit : header);
    }

    public void Dispose()
    {
        NativeMemory.Free(_positions);
        NativeMemory.Free(_data);
    }

    private void WriteByte(ulong position, byte value)
    {
        var offset = position & (Size - 1);
        _data[offset] = value;
        _data[offset + Size] = value;
    }

    private void WriteUInt(ulong position, uint value)
    {
        for (var i = 0; i < 4; i++)
            WriteByte(position + (ulong)i, (byte)(value >> (8 * i)));
    }

    private uint ReadUInt(ulong position) => *(uint*)(_data + (position & (Size - 1)));
}
