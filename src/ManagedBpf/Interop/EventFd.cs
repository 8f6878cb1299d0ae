namespace ManagedBpf.Interop;

/// <summary>eventfd(2): a counter fd used to wake an epoll_wait from another thread.</summary>
internal static unsafe class EventFd
{
    private const int EFD_CLOEXEC = 0x80000, EFD_NONBLOCK = 0x800;

    /// <summary>A non-blocking, CLOEXEC eventfd with counter 0.</summary>
    public static BpfFd Create(string objectName)
    {
        var raw = Libc.EventFdCreate(0, EFD_CLOEXEC | EFD_NONBLOCK);
        return raw < 0
            ? throw SyscallError.Create("eventfd", Libc.LastErrno, objectName)
            : BpfFd.FromRaw(raw, "eventfd", objectName);
    }

    /// <summary>Adds 1 to the counter, making the fd readable. Never blocks (a saturated counter is still readable).</summary>
    public static void Signal(BpfFd eventFd)
    {
        ulong one = 1;
        var added = false;
        try
        {
            eventFd.DangerousAddRef(ref added);
            Libc.Write(eventFd.Raw, &one, sizeof(ulong));
        }
        finally
        {
            if (added)
                eventFd.DangerousRelease();
        }
    }

    /// <summary>Resets the counter to 0 (a non-blocking read; EAGAIN when already 0 is fine).</summary>
    public static void Drain(BpfFd eventFd)
    {
        ulong value;
        var added = false;
        try
        {
            eventFd.DangerousAddRef(ref added);
            Libc.Read(eventFd.Raw, &value, sizeof(ulong));
        }
        finally
        {
            if (added)
                eventFd.DangerousRelease();
        }
    }
}
