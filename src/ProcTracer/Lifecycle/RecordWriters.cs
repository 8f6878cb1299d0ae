namespace ProcTracer.Lifecycle;

/// <summary>Several outputs of the same records (stdout, OTLP, metrics), each given every record in turn.</summary>
internal sealed class RecordWriters(IReadOnlyList<IRecordWriter> writers) : IRecordWriter
{
    public void Start()
    {
        foreach (var writer in writers)
            writer.Start();
    }

    public void Exec(in ExecRecord record, ReadOnlySpan<byte> strings)
    {
        foreach (var writer in writers)
            writer.Exec(record, strings);
    }

    public void Exit(in ExitRecord record)
    {
        foreach (var writer in writers)
            writer.Exit(record);
    }

    public void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename)
    {
        foreach (var writer in writers)
            writer.ExecFailed(record, filename);
    }

    public void Lost(ulong count, ulong total)
    {
        foreach (var writer in writers)
            writer.Lost(count, total);
    }
}
