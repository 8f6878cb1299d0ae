namespace ManagedBpf.Interop;

/// <summary>Linux errno values the loader reports by name (asm-generic/errno-base.h, errno.h, linux/errno.h).</summary>
internal static class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, EBADF = 9, EAGAIN = 11,
        ENOMEM = 12, EACCES = 13, EFAULT = 14, EBUSY = 16, EEXIST = 17, ENODEV = 19, EINVAL = 22, EMFILE = 24,
        ENOSPC = 28, ERANGE = 34, ENOSYS = 38, EOPNOTSUPP = 95, ENOTSUPP = 524;

    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EIO => "EIO",
        E2BIG => "E2BIG",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        ENOMEM => "ENOMEM",
        EACCES => "EACCES",
        EFAULT => "EFAULT",
        EBUSY => "EBUSY",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        EMFILE => "EMFILE",
        ENOSPC => "ENOSPC",
        ERANGE => "ERANGE",
        ENOSYS => "ENOSYS",
        EOPNOTSUPP => "EOPNOTSUPP",
        // Kernel-internal code that leaks to user space from BPF paths; libc has no text for it.
        ENOTSUPP => "ENOTSUPP",
        _ => $"errno {errno}",
    };

    public static string Describe(int errno) => errno switch
    {
        EPERM => "operation not permitted",
        ENOENT => "no such file or directory",
        ESRCH => "no such process",
        EINTR => "interrupted system call",
        EIO => "input/output error",
        E2BIG => "argument list too long",
        EBADF => "bad file descriptor",
        EAGAIN => "resource temporarily unavailable",
        ENOMEM => "cannot allocate memory",
        EACCES => "permission denied",
        EFAULT => "bad address",
        EBUSY => "device or resource busy",
        EEXIST => "file exists",
        ENODEV => "no such device",
        EINVAL => "invalid argument",
        EMFILE => "too many open files",
        ENOSPC => "no space left on device",
        ERANGE => "numerical result out of range",
        ENOSYS => "function not implemented",
        EOPNOTSUPP => "operation not supported",
        ENOTSUPP => "operation not supported by the kernel",
        _ => "unknown error",
    };
}
