using System.Buffers;
using ManagedBpf.Interop;

namespace ProcTracer.Output;

/// <summary>
/// Rows on their way to stdout, buffered as stdio buffers them: a terminal gets what each poll brought at once (C's
/// stdout is line-buffered there), a pipe or file gets large writes (C's stdout is block-buffered there), which the
/// pump flushes when a burst of events ends or the buffer fills. Written with write(2) on fd 1
/// (<see cref="FdWriter"/>): it shares the file offset with stderr when a shell made them one file, and it reports
/// EPIPE when the reader is gone (<c>proctracer | head</c>), which ends the tracer quietly, like SIGPIPE ends a C
/// tool, but through the normal path that detaches everything first.
/// </summary>
internal sealed class StandardOutput : IBufferWriter<byte>
{
    /// <summary>A pipe or file is written once this much is pending, or when events pause.</summary>
    public const int BlockSize = 64 * 1024;

    private const int Fd = 1;
    private readonly ArrayBufferWriter<byte> _pending = new(2 * BlockSize);

    /// <param name="interactive">Whether stdout is a terminal (isatty).</param>
    public StandardOutput(bool interactive) => Interactive = interactive;

    /// <summary>A terminal: every batch is written as soon as it is formatted.</summary>
    public bool Interactive { get; }

    /// <summary>Bytes formatted and not yet written.</summary>
    public int Pending => _pending.WrittenCount;

    /// <summary>Whether the block is full (a pipe or file), or anything at all is pending (a terminal).</summary>
    public bool ShouldFlush => Interactive ? Pending > 0 : Pending >= BlockSize;

    /// <summary>Writes what is pending; false if stdout can take no more (its reader is gone).</summary>
    public bool Flush()
    {
        if (_pending.WrittenCount == 0)
            return true;
        var errno = FdWriter.Write(Fd, _pending.WrittenSpan);
        _pending.ResetWrittenCount();
        return errno == 0;
    }

    /// <summary>Writes <paramref name="text"/> (ASCII) at once, with whatever is pending before it.</summary>
    public bool WriteNow(string text)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        bytes.CopyTo(_pending.GetSpan(bytes.Length));
        _pending.Advance(bytes.Length);
        return Flush();
    }

    public void Advance(int count) => _pending.Advance(count);

    public Memory<byte> GetMemory(int sizeHint = 0) => _pending.GetMemory(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _pending.GetSpan(sizeHint);
}
