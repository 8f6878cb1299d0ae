using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// A file descriptor from bpf(2), perf_event_open(2) or epoll_create1(2), closed exactly once on release.
/// Never holds fd 0: the UAPI reads 0 as "no fd" in many attr fields (btf_fd, inner_map_fd, prog_btf_fd), so a
/// kernel object handed fd 0 (possible when stdin was closed) is moved to the lowest free fd ≥ 1.
/// </summary>
internal sealed class SafeFd : SafeHandle
{
    private SafeFd(int fd) : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    /// <summary>The raw fd number. Callers keep the handle alive (or AddRef it) while using the number.</summary>
    public int Raw => (int)handle;

    /// <summary>Takes ownership of <paramref name="fd"/>, moving it off 0 (with FD_CLOEXEC) if needed.</summary>
    public static SafeFd FromRaw(int fd, string operation, string? objectName)
    {
        if (fd != 0)
            return new SafeFd(fd);
        var moved = Libc.Fcntl(0, Libc.F_DUPFD_CLOEXEC, 1);
        var errno = Libc.LastErrno;
        Libc.Close(0);
        if (moved < 0)
            throw SyscallError.Create($"{operation} (fcntl F_DUPFD_CLOEXEC of fd 0)", errno, objectName);
        return new SafeFd(moved);
    }

    /// <summary>Runs <paramref name="use"/> with the raw fd while holding a reference, so a concurrent Dispose cannot
    /// close (and the process reuse) the number mid-call.</summary>
    public T Use<T>(Func<int, T> use)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            return use(Raw);
        }
        finally
        {
            if (added)
                DangerousRelease();
        }
    }

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
