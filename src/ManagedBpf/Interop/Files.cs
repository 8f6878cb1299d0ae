namespace ManagedBpf.Interop;

/// <summary>
/// open(2) and read(2) for the fds .NET cannot open as the kernel needs them: a cgroup v2 directory (cgroup programs),
/// a network namespace (<c>/proc/self/ns/net</c>: sk_lookup, flow_dissector), a tracefs pipe read without blocking.
/// An fd here is a <see cref="SafeFd"/> like every other.
/// </summary>
internal static class Files
{
    /// <summary>open(path, O_RDONLY | O_CLOEXEC [| O_DIRECTORY] [| O_NONBLOCK]).</summary>
    /// <exception cref="BpfSyscallException">The path cannot be opened (ENOENT, ENOTDIR, EACCES ...).</exception>
    public static SafeFd OpenReadOnly(string path, bool directory, bool nonBlocking = false)
    {
        var fd = Libc.Open(path, Libc.O_RDONLY | Libc.O_CLOEXEC | (directory ? Libc.O_DIRECTORY : 0) | (nonBlocking ? Libc.O_NONBLOCK : 0));
        return fd < 0 ? throw SyscallError.Create($"open {path}", Libc.LastErrno, null) : SafeFd.FromRaw(fd, "open", path);
    }

    /// <summary>read(2) into <paramref name="buffer"/>: the count (0 at the end), or -errno. EINTR is retried.</summary>
    public static unsafe int Read(SafeFd fd, Span<byte> buffer)
    {
        using var lease = HandleLease.Of(fd);
        fixed (byte* pointer = buffer)
        {
            while (true)
            {
                var n = Libc.Read(lease.Raw, pointer, (nuint)buffer.Length);
                if (n >= 0)
                    return (int)n;
                if (Libc.LastErrno != Errno.EINTR)
                    return -(int)Libc.LastErrno;
            }
        }
    }
}
