namespace ManagedBpf;

/// <summary>A system call failed. Carries the errno, the operation (e.g. <c>BPF_MAP_CREATE</c>) and the object it was for.</summary>
public class BpfSyscallException : BpfException
{
    /// <summary>The kernel refused <paramref name="operation"/> with <paramref name="errno"/>.</summary>
    /// <param name="operation">The system call or bpf command (<c>BPF_MAP_CREATE</c>).</param>
    /// <param name="errno">The errno the kernel returned.</param>
    /// <param name="objectName">The map, program or link concerned, if any.</param>
    /// <param name="hint">What to do about it, if known.</param>
    /// <param name="inner">The cause, if any.</param>
    public BpfSyscallException(string operation, Errno errno, string? objectName = null, string? hint = null, Exception? inner = null)
        : base(Describe(operation, errno, objectName, hint), inner)
    {
        Operation = operation;
        Errno = errno;
        ObjectName = objectName;
    }

    /// <summary>The failing call, named as in the kernel UAPI (BPF_PROG_LOAD, perf_event_open, mmap ...).</summary>
    public string Operation { get; }

    /// <summary>The errno the kernel returned.</summary>
    public Errno Errno { get; }

    /// <summary>The map, program or tracepoint the call was for, if any.</summary>
    public string? ObjectName { get; }

    /// <summary>The symbolic errno name (EPERM, ENOTSUPP ...).</summary>
    public string ErrnoName => ErrnoText.Name(Errno);

    private static string Describe(string operation, Errno errno, string? objectName, string? hint)
    {
        var target = objectName is null ? "" : $" '{objectName}'";
        var suffix = hint is null ? "" : $": {hint}";
        return $"{operation}{target} failed: {ErrnoText.Name(errno)} ({ErrnoText.Describe(errno)}){suffix}";
    }
}
