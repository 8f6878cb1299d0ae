using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// <c>struct epoll_event</c> (include/uapi/linux/eventpoll.h). Packed on x86_64 only (12 bytes, data at 4);
/// naturally aligned elsewhere (16 bytes, data at 8). This layout is the x86_64 one; <see cref="Epoll"/> refuses to
/// run on other architectures until an arm64 layout is added.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct EpollEvent
{
    public uint Events;
    public ulong Data;
}

/// <summary>epoll constants (include/uapi/linux/eventpoll.h) and a checked wrapper.</summary>
internal static unsafe class Epoll
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const uint EPOLLIN = 0x001;

    /// <summary>Creates a CLOEXEC epoll instance watching <paramref name="fd"/> for EPOLLIN.</summary>
    public static BpfFd CreateWatching(BpfFd fd, string objectName)
    {
        if (System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture != Architecture.X64)
            throw new PlatformNotSupportedException("epoll_event layout is only defined for x86_64");
        var raw = Libc.EpollCreate1(EPOLL_CLOEXEC);
        if (raw < 0)
            throw SyscallError.Create("epoll_create1", Libc.LastErrno, objectName);
        var epoll = BpfFd.FromRaw(raw, "epoll_create1", objectName);
        var ev = new EpollEvent { Events = EPOLLIN, Data = 0 };
        var added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            if (Libc.EpollCtl(epoll.Raw, EPOLL_CTL_ADD, fd.Raw, &ev) < 0)
            {
                var errno = Libc.LastErrno;
                epoll.Dispose();
                throw SyscallError.Create("epoll_ctl", errno, objectName);
            }
        }
        finally
        {
            if (added)
                fd.DangerousRelease();
        }
        return epoll;
    }

    /// <summary>Waits for an event; returns the count (0 on timeout) or -errno.</summary>
    public static int Wait(BpfFd epoll, int timeoutMilliseconds)
    {
        EpollEvent ev;
        var added = false;
        try
        {
            epoll.DangerousAddRef(ref added);
            var n = Libc.EpollWait(epoll.Raw, &ev, 1, timeoutMilliseconds);
            return n < 0 ? -Libc.LastErrno : n;
        }
        finally
        {
            if (added)
                epoll.DangerousRelease();
        }
    }
}
