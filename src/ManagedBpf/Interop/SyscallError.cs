namespace ManagedBpf.Interop;

/// <summary>
/// The one place an errno becomes an exception. Adds the hints a user needs to act on the common failures.
/// </summary>
internal static class SyscallError
{
    /// <summary>A <see cref="BpfSyscallException"/> for a failed call, with a hint for well-known errnos.</summary>
    public static BpfSyscallException Create(string operation, Errno errno, string? objectName, string? hint = null) =>
        new(operation, errno, objectName, hint ?? DefaultHint(operation, errno));

    /// <summary>A <see cref="BpfVerifierException"/> carrying the whole log of the program or BTF verifier.</summary>
    public static BpfVerifierException Verifier(string operation, string objectName, Errno errno, string log, string? context = null) =>
        new(operation, objectName, errno, log, context ?? (log.Length == 0 ? DefaultHint(operation, errno) : null));

    private static string? DefaultHint(string operation, Errno errno) => errno switch
    {
        Errno.EPERM when operation.StartsWith("perf_event_open", StringComparison.Ordinal) =>
            "needs CAP_PERFMON (or CAP_SYS_ADMIN) and a permissive kernel.perf_event_paranoid",
        Errno.EPERM or Errno.EACCES =>
            "needs CAP_BPF (plus CAP_PERFMON for tracing programs) or root; kernels before 5.11 also charge RLIMIT_MEMLOCK",
        Errno.E2BIG when operation.StartsWith("BPF_", StringComparison.Ordinal) =>
            "the kernel does not know a non-zero attribute field: it is older than the feature requires",
        Errno.ENOTSUPP or Errno.EOPNOTSUPP => "not supported by this kernel or for this object type",
        Errno.EMFILE => "the process is out of file descriptors (ulimit -n)",
        _ => null,
    };
}
