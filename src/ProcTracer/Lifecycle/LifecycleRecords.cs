using System.Runtime.InteropServices;
using ManagedBpf;
using ManagedBpf.RingBuffer;

namespace ProcTracer.Lifecycle;

/// <summary>Hands each ring record of lifecycle.bpf.c, read in place, to the output format and the summary.</summary>
internal readonly struct LifecycleRecords(IRecordWriter writer, Summary? summary) : IRingRecordHandler
{
    public void OnRecord(ReadOnlySpan<byte> record)
    {
        if (record.Length < RecordHeader.Size)
            throw Malformed(record, RecordHeader.Size);
        switch ((RecordType)record[0])
        {
            case RecordType.Exec:
                ref readonly var exec = ref Read<ExecRecord>(record, ExecRecord.Size);
                writer.Exec(exec, record[ExecRecord.Size..]);
                summary?.Exec(exec);
                break;
            case RecordType.Exit or RecordType.ThreadExit:
                ref readonly var exit = ref Read<ExitRecord>(record, ExitRecord.Size);
                writer.Exit(exit);
                summary?.Exit(exit);
                break;
            case RecordType.ExecFailed:
                ref readonly var failed = ref Read<ExecFailedRecord>(record, ExecFailedRecord.Size);
                var filename = record[ExecFailedRecord.Size..];
                writer.ExecFailed(failed, Strings.Next(ref filename));
                summary?.ExecFailed();
                break;
            default:
                throw new BpfException($"a ring record of unknown type {record[0]}: the BPF object is not lifecycle.bpf.c's build");
        }
    }

    /// <summary>A record read in place (records start 8-byte aligned, and ours need no more).</summary>
    private static ref readonly T Read<T>(ReadOnlySpan<byte> record, int size) where T : unmanaged
    {
        if (record.Length < size)
            throw Malformed(record, size);
        return ref MemoryMarshal.AsRef<T>(record);
    }

    private static BpfException Malformed(ReadOnlySpan<byte> record, int size) =>
        new($"a {record.Length}-byte ring record of type {record[0]}, shorter than its {size}-byte struct");
}
