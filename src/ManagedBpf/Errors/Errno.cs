namespace ManagedBpf;

/// <summary>
/// Linux errno values (asm-generic/errno-base.h, errno.h, and linux/errno.h for the kernel-internal ENOTSUPP that
/// BPF paths leak to user space), as <see cref="BpfSyscallException.Errno"/> carries them: compare with these, not
/// with message text. An errno not named here keeps its number.
/// </summary>
public enum Errno
{
    /// <summary>Operation not permitted: a capability is missing, or a security module or the kernel refused.</summary>
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    E2BIG = 7,
    ENOEXEC = 8,
    EBADF = 9,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENFILE = 23,
    EMFILE = 24,
    ETXTBSY = 26,
    ENOSPC = 28,
    EPIPE = 32,
    ERANGE = 34,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ENOTEMPTY = 39,
    ELOOP = 40,
    ELIBBAD = 80,
    EOPNOTSUPP = 95,
    EADDRNOTAVAIL = 99,
    ETIMEDOUT = 110,
    EALREADY = 114,

    /// <summary>Kernel-internal "not supported" (linux/errno.h) that BPF paths return; libc has no text for it.</summary>
    ENOTSUPP = 524,
}

/// <summary>The symbolic names and strerror-like texts of <see cref="Errno"/> values, for messages.</summary>
internal static class ErrnoText
{
    public static string Name(Errno errno) => Enum.IsDefined(errno) ? errno.ToString() : $"errno {(int)errno}";

    public static string Describe(Errno errno) => errno switch
    {
        Errno.EPERM => "operation not permitted",
        Errno.ENOENT => "no such file or directory",
        Errno.ESRCH => "no such process",
        Errno.EINTR => "interrupted system call",
        Errno.EIO => "input/output error",
        Errno.E2BIG => "argument list too long",
        Errno.ENOEXEC => "exec format error",
        Errno.EBADF => "bad file descriptor",
        Errno.EAGAIN => "resource temporarily unavailable",
        Errno.ENOMEM => "cannot allocate memory",
        Errno.EACCES => "permission denied",
        Errno.EFAULT => "bad address",
        Errno.EBUSY => "device or resource busy",
        Errno.EEXIST => "file exists",
        Errno.ENODEV => "no such device",
        Errno.ENOTDIR => "not a directory",
        Errno.EISDIR => "is a directory",
        Errno.EINVAL => "invalid argument",
        Errno.ENFILE => "too many open files in system",
        Errno.EMFILE => "too many open files",
        Errno.ETXTBSY => "text file busy",
        Errno.ENOSPC => "no space left on device",
        Errno.EPIPE => "broken pipe",
        Errno.ERANGE => "numerical result out of range",
        Errno.ENAMETOOLONG => "file name too long",
        Errno.ENOSYS => "function not implemented",
        Errno.ENOTEMPTY => "directory not empty",
        Errno.ELOOP => "too many levels of symbolic links",
        Errno.ELIBBAD => "accessing a corrupted shared library",
        Errno.EOPNOTSUPP => "operation not supported",
        Errno.EADDRNOTAVAIL => "cannot assign requested address",
        Errno.ETIMEDOUT => "connection timed out",
        Errno.EALREADY => "operation already in progress",
        Errno.ENOTSUPP => "operation not supported by the kernel",
        _ => "unknown error",
    };
}
