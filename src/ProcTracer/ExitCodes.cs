namespace ProcTracer;

/// <summary>
/// Every exit status of the tracer, one per kind of failure, from sysexits.h where one fits so that scripts can
/// tell a usage mistake from a missing privilege from a kernel that cannot run the tool.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Ran and stopped on SIGINT, SIGTERM, SIGHUP, or because the reader of stdout went away.</summary>
    public const int Success = 0;

    /// <summary>A failure the tracer has no more specific status for.</summary>
    public const int Failure = 1;

    /// <summary>EX_USAGE: the command line is wrong (argp's status).</summary>
    public const int Usage = CommandLine.UsageError;

    /// <summary>EX_DATAERR: the BPF object is malformed.</summary>
    public const int MalformedObject = 65;

    /// <summary>EX_UNAVAILABLE: the kernel has no BTF (or the --btf file is missing or unreadable).</summary>
    public const int NoKernelBtf = 69;

    /// <summary>EX_SOFTWARE: the verifier rejected a program.</summary>
    public const int VerifierRejected = 70;

    /// <summary>EX_OSERR: a system call failed for a reason other than privileges.</summary>
    public const int SystemCall = 71;

    /// <summary>EX_OSFILE: tracefs is not mounted and cannot be mounted.</summary>
    public const int NoTracefs = 72;

    /// <summary>EX_NOPERM: not root and without CAP_BPF and CAP_PERFMON.</summary>
    public const int NoPermission = 77;

    /// <summary>
    /// The unexpected: a bug. Reported in one line like the rest; -v adds the stack trace. Outside sysexits'
    /// range so that it stays distinct from every failure the tracer expects.
    /// </summary>
    public const int InternalError = 99;
}
