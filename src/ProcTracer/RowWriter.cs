namespace ProcTracer;

/// <summary>
/// stdout for rows: one write per batch, flushed, so rows reach a pipe or file as they happen. When the reader
/// has gone (<c>proctracer | head</c>) the write fails with EPIPE; that ends the tracer quietly, like SIGPIPE
/// ends a C tool, but through the normal path that detaches everything first.
/// </summary>
internal sealed class RowWriter(Stream stdout)
{
    /// <summary>Writes and flushes; false if the reader is gone.</summary>
    public bool TryWrite(ReadOnlySpan<byte> bytes)
    {
        try
        {
            stdout.Write(bytes);
            stdout.Flush();
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
