using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// <c>struct epoll_event</c> (include/uapi/linux/eventpoll.h) as x86_64 lays it out: packed, 12 bytes, data at 4.
/// arm64 and others align it naturally (16 bytes, data at 8); <see cref="Epoll"/> reads and writes events with the
/// running architecture's stride and offset.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct EpollEvent
{
    [KernelField("events")] public uint Events;
    [KernelField("data")] public ulong Data;
}

/// <summary>epoll constants (include/uapi/linux/eventpoll.h) and checked wrappers.</summary>
internal static unsafe class Epoll
{
    public const int EPOLL_CLOEXEC = 0x80000;
    public const int EPOLL_CTL_ADD = 1;
    public const uint EPOLLIN = 0x001;

    /// <summary>Most events one <see cref="Wait"/> returns (more stay pending, level-triggered, for the next call).</summary>
    public const int MaxEvents = 64;

    // __EPOLL_PACKED applies on x86_64 only (the i386 layout kept for compat).
    private static readonly bool Packed = RuntimeInformation.ProcessArchitecture == Architecture.X64;
    private static readonly int Stride = Packed ? 12 : 16;
    private static readonly int DataOffset = Packed ? 4 : 8;

    /// <summary>epoll_create1(EPOLL_CLOEXEC).</summary>
    public static SafeFd Create(string objectName)
    {
        var raw = Libc.EpollCreate1(EPOLL_CLOEXEC);
        return raw < 0
            ? throw SyscallError.Create("epoll_create1", Libc.LastErrno, objectName)
            : SafeFd.FromRaw(raw, "epoll_create1", objectName);
    }

    /// <summary>Watches <paramref name="fd"/> for EPOLLIN (level-triggered), tagging its events with <paramref name="data"/>.</summary>
    public static void Add(SafeFd epoll, SafeFd fd, ulong data, string objectName)
    {
        var slot = stackalloc byte[16];
        new Span<byte>(slot, 16).Clear();
        *(uint*)slot = EPOLLIN;
        *(ulong*)(slot + DataOffset) = data;
        using var epollLease = HandleLease.Of(epoll);
        using var fdLease = HandleLease.Of(fd);
        if (Libc.EpollCtl(epollLease.Raw, EPOLL_CTL_ADD, fdLease.Raw, (EpollEvent*)slot) < 0)
            throw SyscallError.Create("epoll_ctl", Libc.LastErrno, objectName);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: forever); returns the number of
    /// events (0 on timeout) with their data in <paramref name="data"/>, or -errno. Uses epoll_pwait2 for its
    /// nanosecond timeout; kernels before 5.11 (ENOSYS) get epoll_wait with the timeout rounded up to a millisecond.
    /// </summary>
    public static int Wait(SafeFd epoll, TimeSpan timeout, Span<ulong> data)
    {
        var max = Math.Min(MaxEvents, data.Length);
        var slots = stackalloc byte[max * 16];
        using var lease = HandleLease.Of(epoll);
        var n = WaitRaw(lease.Raw, (EpollEvent*)slots, max, timeout);
        if (n < 0)
            return -(int)Libc.LastErrno;
        for (var i = 0; i < n; i++)
            data[i] = *(ulong*)(slots + i * Stride + DataOffset);
        return n;
    }

    // Set once epoll_pwait2 proved missing. Threads racing on it at worst each try the call once more: no ordering needed.
    private static bool s_noPwait2;

    private static int WaitRaw(int epollFd, EpollEvent* events, int max, TimeSpan timeout)
    {
        var infinite = timeout == Timeout.InfiniteTimeSpan;
        if (!s_noPwait2)
        {
            var ticks = infinite ? 0 : timeout.Ticks;
            var spec = new Libc.Timespec { Seconds = ticks / TimeSpan.TicksPerSecond, Nanoseconds = ticks % TimeSpan.TicksPerSecond * 100 };
            var n = Libc.EpollPwait2(epollFd, events, max, infinite ? null : &spec, 0);
            if (n >= 0 || Libc.LastErrno != Errno.ENOSYS)
                return n;
            s_noPwait2 = true;
        }
        // Round up so a sub-millisecond timeout still sleeps instead of busy-polling.
        var milliseconds = infinite ? -1 : (int)Math.Min(int.MaxValue, Math.Ceiling(timeout.TotalMilliseconds));
        return Libc.EpollWait(epollFd, events, max, milliseconds);
    }
}
