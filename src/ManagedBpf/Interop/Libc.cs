using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// The libc entry points ManagedBpf uses. Source-generated (<see cref="LibraryImportAttribute"/>) so they work under
/// native AOT with <c>&lt;DirectPInvoke Include="libc" /&gt;</c>. Every import sets the last error: callers read it with
/// <see cref="Marshal.GetLastPInvokeError"/> and turn it into an exception only through <see cref="SyscallError"/>.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    // syscall(2) is variadic. glibc implements it in assembly (sysdeps/unix/sysv/linux/x86_64/syscall.S), moving
    // six long-sized registers into the kernel ABI, so a fixed-arity binding with long arguments is exact on
    // x86_64 and arm64. Pass every argument as long so no register's upper half is left undefined.
    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall3(long number, long arg1, long arg2, long arg3);

    [LibraryImport(Library, EntryPoint = "syscall", SetLastError = true)]
    internal static partial long Syscall5(long number, long arg1, long arg2, long arg3, long arg4, long arg5);

    // ioctl(2) is variadic too; the third argument is a pointer-sized value on every Linux ABI.
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static partial int Ioctl(int fd, ulong request, nint argument);

    // fcntl(2): every command used here (F_DUPFD_CLOEXEC) takes an int, which is what the variadic callee reads.
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    internal static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    internal static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    internal static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "epoll_create1", SetLastError = true)]
    internal static partial int EpollCreate1(int flags);

    [LibraryImport(Library, EntryPoint = "epoll_ctl", SetLastError = true)]
    internal static partial int EpollCtl(int epollFd, int operation, int fd, EpollEvent* ev);

    [LibraryImport(Library, EntryPoint = "epoll_wait", SetLastError = true)]
    internal static partial int EpollWait(int epollFd, EpollEvent* events, int maxEvents, int timeoutMilliseconds);

    // epoll_pwait2(2) (5.11+, glibc 2.35+): a timespec timeout, for waits shorter than a millisecond.
    [LibraryImport(Library, EntryPoint = "epoll_pwait2", SetLastError = true)]
    internal static partial int EpollPwait2(int epollFd, EpollEvent* events, int maxEvents, Timespec* timeout, nint sigmask);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int EventFdCreate(uint initialValue, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    internal static partial nint Read(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    internal static partial nint Write(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Mount(string source, string target, string fileSystemType, ulong flags, nint data);

    [LibraryImport(Library, EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statfs(string path, StatfsBuffer* buffer);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Unlink(string path);

    // open(2) is variadic for its mode; without O_CREAT the callee never reads it.
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int SetSockOpt(int socket, int level, int name, void* value, uint length);

    [LibraryImport(Library, EntryPoint = "if_nametoindex", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial uint IfNameToIndex(string name);

    [LibraryImport(Library, EntryPoint = "clock_gettime", SetLastError = true)]
    internal static partial int ClockGettime(int clockId, Timespec* time);

    // sigaction(2), only to read a disposition or to set SIG_DFL: no handler of ours ever runs in signal context.
    [LibraryImport(Library, EntryPoint = "sigaction", SetLastError = true)]
    internal static partial int Sigaction(int signal, SigactionBuffer* action, SigactionBuffer* previous);

    [LibraryImport(Library, EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statx(int directoryFd, string path, int flags, uint mask, StatxBuffer* buffer);

    /// <summary>The errno of the last import called on this thread.</summary>
    internal static Errno LastErrno => (Errno)Marshal.GetLastPInvokeError();

    /// <summary>struct timespec on 64-bit Linux.</summary>
    internal struct Timespec
    {
        [KernelField("tv_sec")] public long Seconds;
        [KernelField("tv_nsec")] public long Nanoseconds;
    }

    /// <summary>
    /// Room for struct statfs (120 bytes on x86_64 and arm64). Only f_type, the first member (a long on 64-bit
    /// Linux), is read.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 128)]
    internal struct StatfsBuffer
    {
        [KernelField("f_type")] public long FileSystemType;
    }

    /// <summary>
    /// struct statx (include/uapi/linux/stat.h): the same layout on every architecture, 256 bytes. Only stx_ino is
    /// read.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    internal struct StatxBuffer
    {
        [FieldOffset(0), KernelField("stx_mask")] public uint Mask;
        [FieldOffset(32), KernelField("stx_ino")] public ulong Inode;
    }

    /// <summary>
    /// Room for libc's struct sigaction (152 bytes in glibc on x86_64 and arm64, whose layout is not the kernel's but
    /// also begins with sa_handler). Only sa_handler is read or set; zeros elsewhere mean no flags and an empty mask.
    /// </summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    internal struct SigactionBuffer
    {
        [KernelField("sa_handler")] public nint Handler;
    }

    // sa_handler values (asm-generic/signal-defs.h).
    internal const nint SIG_DFL = 0, SIG_IGN = 1;

    // statx: AT_FDCWD (fcntl.h) and STATX_INO (linux/stat.h).
    internal const int AT_FDCWD = -100;
    internal const uint STATX_INO = 0x100;

    // fcntl commands and open flags (asm-generic/fcntl.h).
    internal const int F_DUPFD_CLOEXEC = 1030, O_RDONLY = 0, O_NONBLOCK = 0x800, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;

    // mmap protections and flags (asm-generic/mman-common.h).
    internal const int PROT_READ = 0x1, PROT_WRITE = 0x2, MAP_SHARED = 0x01, MAP_PRIVATE = 0x02;
    internal static readonly nint MAP_FAILED = -1;
}
