using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// A file descriptor from bpf(2), perf_event_open(2) or epoll_create1(2), closed exactly once on release.
/// Never holds fd 0: the UAPI reads 0 as "no fd" in many attr fields (btf_fd, inner_map_fd, prog_btf_fd), so a
/// kernel object handed fd 0 (possible when stdin was closed) is moved to the lowest free fd ≥ 1.
/// </summary>
/// <remarks>
/// Native calls take the number through <see cref="HandleLease"/>, which holds a reference for the call, so a
/// concurrent Dispose cannot close the number (and the process reuse it for another object) mid-call.
/// </remarks>
public sealed class SafeFd : SafeHandle
{
    private SafeFd(int fd) : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    /// <inheritdoc/>
    public override bool IsInvalid => handle == -1;

    /// <summary>The raw fd number: only under a <see cref="HandleLease"/>, or while the owner cannot be disposed.</summary>
    internal int Raw => (int)handle;

    /// <summary>Takes ownership of <paramref name="fd"/>, moving it off 0 (with FD_CLOEXEC) if needed.</summary>
    internal static SafeFd FromRaw(int fd, string operation, string? objectName)
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

    /// <summary>close(2) of the fd.</summary>
    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
