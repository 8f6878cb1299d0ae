using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ManagedBpf.RingBuffer;

/// <summary>Adapts a <see cref="RecordReader.RecordHandler"/> delegate to the generic walker.</summary>
internal readonly struct DelegateRecordHandler(RecordReader.RecordHandler handler) : IRingRecordHandler
{
    public void OnRecord(ReadOnlySpan<byte> record) => handler(record);
}

/// <summary>Reads each record in place as a <typeparamref name="T"/> for a <see cref="RecordReader.RecordHandler{T}"/>.</summary>
internal readonly struct TypedRecordHandler<T>(RecordReader.RecordHandler<T> handler) : IRingRecordHandler
    where T : unmanaged
{
    public void OnRecord(ReadOnlySpan<byte> record)
    {
        if (record.Length < Unsafe.SizeOf<T>())
            throw new BpfException($"a {record.Length}-byte ring buffer record is shorter than {typeof(T).Name} ({Unsafe.SizeOf<T>()} bytes)");
        // Records start 8 bytes into 8-byte aligned slots, so any unmanaged struct is suitably aligned in place.
        handler(in MemoryMarshal.AsRef<T>(record));
    }
}
