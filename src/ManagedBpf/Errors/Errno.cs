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

    /// <summary>No such file or directory: no such map element, pin, program or BTF id.</summary>
    ENOENT = 2,

    /// <summary>No such process (an element the kernel looked for is gone).</summary>
    ESRCH = 3,

    /// <summary>Interrupted by a signal; the call may be repeated.</summary>
    EINTR = 4,

    /// <summary>Input/output error.</summary>
    EIO = 5,

    /// <summary>Argument list too long: an attribute larger than this kernel knows, with nonzero bytes past its end.</summary>
    E2BIG = 7,

    /// <summary>Exec format error: execve found no format it can run.</summary>
    ENOEXEC = 8,

    /// <summary>Bad file descriptor: an fd that is closed or of the wrong kind.</summary>
    EBADF = 9,

    /// <summary>Try again (a full or busy resource; the verifier's bounded retries).</summary>
    EAGAIN = 11,

    /// <summary>Out of memory, or the memlock limit before 5.11 (memcg accounting).</summary>
    ENOMEM = 12,

    /// <summary>Permission denied: the verifier refused the program.</summary>
    EACCES = 13,

    /// <summary>Bad address: a pointer the kernel could not read or write.</summary>
    EFAULT = 14,

    /// <summary>Device or resource busy: already attached or in use.</summary>
    EBUSY = 16,

    /// <summary>File exists: the element or pin already exists.</summary>
    EEXIST = 17,

    /// <summary>No such device.</summary>
    ENODEV = 19,

    /// <summary>Not a directory.</summary>
    ENOTDIR = 20,

    /// <summary>Is a directory.</summary>
    EISDIR = 21,

    /// <summary>Invalid argument: an attribute this kernel does not accept.</summary>
    EINVAL = 22,

    /// <summary>Too many open files in the system.</summary>
    ENFILE = 23,

    /// <summary>Too many open files: the fd limit (RLIMIT_NOFILE).</summary>
    EMFILE = 24,

    /// <summary>Text file busy: execve of a file open for writing.</summary>
    ETXTBSY = 26,

    /// <summary>No space left: a full map, or a verifier log buffer too small.</summary>
    ENOSPC = 28,

    /// <summary>Broken pipe: the reader of the output is gone.</summary>
    EPIPE = 32,

    /// <summary>Result out of range.</summary>
    ERANGE = 34,

    /// <summary>File name too long.</summary>
    ENAMETOOLONG = 36,

    /// <summary>Function not implemented: the kernel has no bpf() or no such command.</summary>
    ENOSYS = 38,

    /// <summary>Directory not empty.</summary>
    ENOTEMPTY = 39,

    /// <summary>Too many levels of symbolic links.</summary>
    ELOOP = 40,

    /// <summary>Accessing a corrupted shared library (execve of a bad ELF interpreter).</summary>
    ELIBBAD = 80,

    /// <summary>Operation not supported: by this map, program or attach type.</summary>
    EOPNOTSUPP = 95,

    /// <summary>Address not available.</summary>
    EADDRNOTAVAIL = 99,

    /// <summary>Timed out.</summary>
    ETIMEDOUT = 110,

    /// <summary>Operation already in progress.</summary>
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
