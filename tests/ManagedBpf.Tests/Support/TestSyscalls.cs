using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ManagedBpf.Tests.Support;

/// <summary>
/// The objects some maps are keyed by or store, which .NET has no API for: a pidfd (TASK_STORAGE), a directory fd (a
/// cgroup, for CGRP_STORAGE and cgroup attachment), an AF_XDP socket (XSKMAP). Test-only: the library's own native
/// calls stay in src/ManagedBpf/Interop.
/// </summary>
internal static partial class TestSyscalls
{
    private const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_CLOEXEC = 0x80000;
    private const int AF_XDP = 44, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    private const long SysPidfdOpen = 434;

    /// <summary>pidfd_open(getpid(), 0) (5.3+): the key of this process's main thread in a TASK_STORAGE map.</summary>
    public static SafeFileHandle PidFd() => Checked((int)Syscall(SysPidfdOpen, Environment.ProcessId, 0), "pidfd_open");

    /// <summary>open(<paramref name="path"/>, O_RDONLY | O_DIRECTORY).</summary>
    public static SafeFileHandle OpenDirectory(string path) => Checked(Open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC), $"open {path}");

    /// <summary>socket(AF_XDP, SOCK_RAW, 0): unbound, which an XSKMAP accepts.</summary>
    public static SafeFileHandle XdpSocket() => Checked(Socket(AF_XDP, SOCK_RAW | SOCK_CLOEXEC, 0), "socket(AF_XDP)");

    private static SafeFileHandle Checked(int fd, string what) =>
        fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw new InvalidOperationException($"{what} failed: errno {Marshal.GetLastPInvokeError()}");

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long arg1, long arg2);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);
}
