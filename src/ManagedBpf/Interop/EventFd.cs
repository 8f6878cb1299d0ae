namespace ManagedBpf.Interop;

/// <summary>eventfd(2): a counter fd used to wake an epoll_wait from another thread.</summary>
internal static unsafe class EventFd
{
    private const int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;

    /// <summary>A non-blocking, CLOEXEC eventfd with counter 0.</summary>
    public static SafeFd Create(string objectName)
    {
        var raw = Libc.EventFdCreate(0, EFD_CLOEXEC | EFD_NONBLOCK);
        return raw < 0
            ? throw SyscallError.Create("eventfd", Libc.LastErrno, objectName)
            : SafeFd.FromRaw(raw, "eventfd", objectName);
    }

    /// <summary>Adds 1 to the counter, making the fd readable. Never blocks (a saturated counter is still readable).</summary>
    public static void Signal(SafeFd eventFd)
    {
        using var lease = HandleLease.Of(eventFd);
        ulong one = 1;
        Libc.Write(lease.Raw, &one, sizeof(ulong));
    }

    /// <summary>Resets the counter to 0 (a non-blocking read; EAGAIN when already 0 is fine).</summary>
    public static void Drain(SafeFd eventFd)
    {
        using var lease = HandleLease.Of(eventFd);
        ulong value;
        Libc.Read(lease.Raw, &value, sizeof(ulong));
    }
}
