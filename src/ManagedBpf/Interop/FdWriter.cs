namespace ManagedBpf.Interop;

/// <summary>
/// write(2) to a descriptor the process inherited (stdout, stderr), for a tool that streams what a BPF program
/// reports. A <see cref="FileStream"/> over fd 1 keeps a position of its own and writes with pwrite(2) when the file
/// is seekable, so where a shell made stdout and stderr one open file (<c>tool &gt; log 2&gt;&amp;1</c>) each would
/// overwrite the other; write(2) uses and advances the offset they share. And unlike the console stream of .NET,
/// which swallows EPIPE, this reports it, so a tool learns that the reader of its pipe is gone.
/// </summary>
public static unsafe class FdWriter
{
    /// <summary>Writes every byte (retrying EINTR and short writes); returns 0, or the errno that stopped it.</summary>
    public static Errno Write(int fd, ReadOnlySpan<byte> bytes)
    {
        fixed (byte* start = bytes)
        {
            var written = 0;
            while (written < bytes.Length)
            {
                var n = Libc.Write(fd, start + written, (nuint)(bytes.Length - written));
                if (n < 0)
                {
                    var errno = Libc.LastErrno;
                    if (errno == Errno.EINTR)
                        continue;
                    return errno;
                }
                written += (int)n;
            }
        }
        return 0;
    }
}
