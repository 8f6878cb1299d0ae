using System.Buffers;
using System.Runtime.InteropServices;
using ManagedBpf;
using ManagedBpf.RingBuffer;

namespace ProcTracer.Bootstrap;

/// <summary>Formats each ring record of bootstrap.bpf.c straight from the ring (no copy, no allocation).</summary>
internal readonly struct BootstrapRecords(EventFormatter formatter, IBufferWriter<byte> output) : IRingRecordHandler
{
    public void OnRecord(ReadOnlySpan<byte> record)
    {
        if (record.Length < Event.Size)
            throw new BpfException($"a {record.Length}-byte record in the ring, where bootstrap.bpf.c writes {Event.Size}-byte events");
        // Records start 8 bytes into 8-byte aligned slots: the event is read in place.
        formatter.Write(output, in MemoryMarshal.AsRef<Event>(record));
    }
}
