using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf;
using ManagedBpf.RingBuffer;

namespace ProcTracer.Bootstrap;

/// <summary>Formats each ring record of bootstrap.bpf.c (the generated <see cref="Event"/>, bootstrap.h's struct event)
/// straight from the ring (no copy, no allocation).</summary>
internal readonly struct BootstrapRecords(EventFormatter formatter, IBufferWriter<byte> output) : IRingRecordHandler
{
    public void OnRecord(ReadOnlySpan<byte> record)
    {
        if (record.Length < Unsafe.SizeOf<Event>())
            throw new BpfException($"a {record.Length}-byte record in the ring, where bootstrap.bpf.c writes {Unsafe.SizeOf<Event>()}-byte events");
        // Records start 8 bytes into 8-byte aligned slots: the event is read in place.
        formatter.Write(output, in MemoryMarshal.AsRef<Event>(record));
    }
}
