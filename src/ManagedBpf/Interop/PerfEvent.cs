namespace ManagedBpf.Interop;

/// <summary>perf_event_open(2) and the perf ioctls used to attach BPF programs (include/uapi/linux/perf_event.h).</summary>
internal static unsafe class PerfEvent
{
    /// <summary>PERF_TYPE_SOFTWARE: config is a perf_sw_ids value.</summary>
    public const uint TypeSoftware = 1;

    /// <summary>PERF_TYPE_TRACEPOINT: config is the tracepoint id from tracefs.</summary>
    public const uint TypeTracepoint = 2;

    /// <summary>PERF_COUNT_SW_BPF_OUTPUT (4.4+): an event that only bpf_perf_event_output writes samples to.</summary>
    public const ulong CountSwBpfOutput = 10;

    /// <summary>PERF_SAMPLE_RAW: a sample carries the raw bytes its writer gave (u32 size, then the bytes).</summary>
    public const ulong SampleRaw = 1 << 10;

    /// <summary>PERF_RECORD_LOST: samples the kernel dropped because the ring was full (u64 id, u64 lost).</summary>
    public const uint RecordLost = 2;

    /// <summary>PERF_RECORD_SAMPLE.</summary>
    public const uint RecordSample = 9;

    /// <summary>PERF_FLAG_FD_CLOEXEC.</summary>
    public const ulong FlagFdCloexec = 8;

    /// <summary>PERF_EVENT_IOC_ENABLE = _IO('$', 0).</summary>
    public const ulong IocEnable = 0x2400;

    /// <summary>PERF_EVENT_IOC_SET_BPF = _IOW('$', 8, __u32): attaches a program by fd (4.1+).</summary>
    public const ulong IocSetBpf = 0x40042408;

    /// <summary>Opens a perf event; returns a CLOEXEC fd (never 0) or throws through <see cref="SyscallError"/>.</summary>
    public static SafeFd Open(ref PerfEventAttr attr, int pid, int cpu, int groupFd, ulong flags, string objectName)
    {
        attr.Size = PerfEventAttr.SizeVer8;
        while (true)
        {
            long result;
            fixed (PerfEventAttr* pointer = &attr)
                result = Libc.Syscall5(SyscallNumbers.PerfEventOpen, (long)pointer, pid, cpu, groupFd, (long)(flags | FlagFdCloexec));
            if (result >= 0)
                return SafeFd.FromRaw((int)result, "perf_event_open", objectName);
            var errno = Libc.LastErrno;
            if (errno != Errno.EINTR)
                throw SyscallError.Create("perf_event_open", errno, objectName);
        }
    }

    /// <summary>ioctl on a perf event fd; returns 0 or the errno.</summary>
    public static Errno TryIoctl(SafeFd perfFd, ulong request, nint argument)
    {
        using var lease = HandleLease.Of(perfFd);
        return Libc.Ioctl(lease.Raw, request, argument) < 0 ? Libc.LastErrno : 0;
    }
}
