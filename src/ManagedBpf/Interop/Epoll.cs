using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// <c>struct epoll_event</c> (include/uapi/linux/eventpoll.h) as x86_64 lays it out: packed, 12 bytes, data at 4.
/// arm64 and others align it naturally (16 bytes, data at 8). <see cref="Epoll"/> therefore hands the kernel a
/// zeroed 16-byte slot with only <see cref="Events"/> (offset 0 on every architecture) set, which is right for both.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct EpollEvent
{
    public uint Events;
    public ulong Data;
}

/// <summary>epoll constants (include/uapi/linux/eventpoll.h) and checked wrappers.</summary>
internal static unsafe class Epoll
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const uint EPOLLIN = 0x001;

    // Large enough for one epoll_event on every architecture (12 or 16 bytes).
    private const int SlotSize = 16;

    /// <summary>Creates a CLOEXEC epoll instance watching <paramref name="fd"/> for EPOLLIN (level-triggered).</summary>
    public static BpfFd CreateWatching(BpfFd fd, string objectName)
    {
        var raw = Libc.EpollCreate1(EPOLL_CLOEXEC);
        if (raw < 0)
            throw SyscallError.Create("epoll_create1", Libc.LastErrno, objectName);
        var epoll = BpfFd.FromRaw(raw, "epoll_create1", objectName);
        var slot = stackalloc byte[SlotSize];
        new Span<byte>(slot, SlotSize).Clear();
        ((EpollEvent*)slot)->Events = EPOLLIN;
        var added = false;
        try
        {
            fd.DangerousAddRef(ref added);
            if (Libc.EpollCtl(epoll.Raw, EPOLL_CTL_ADD, fd.Raw, (EpollEvent*)slot) < 0)
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

    /// <summary>Waits for one event; returns the count (0 on timeout) or -errno.</summary>
    public static int Wait(BpfFd epoll, int timeoutMilliseconds)
    {
        var slot = stackalloc byte[SlotSize];
        var added = false;
        try
        {
            epoll.DangerousAddRef(ref added);
            var n = Libc.EpollWait(epoll.Raw, (EpollEvent*)slot, 1, timeoutMilliseconds);
            return n < 0 ? -Libc.LastErrno : n;
        }
        finally
        {
            if (added)
                epoll.DangerousRelease();
        }
    }
}
