namespace ManagedBpf.Cli;

/// <summary>
/// The exit statuses of the tools, one per kind of failure, from sysexits.h where one fits, so that scripts can tell a
/// usage mistake from a missing privilege from a kernel that cannot run the object. README lists them per tool.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done (for the tracer: stopped on SIGINT, SIGTERM, SIGHUP, or because the reader of stdout went away).</summary>
    public const int Success = 0;

    /// <summary>A failure with no more specific status (for <c>mbpf load --each</c>: the kernel refused a program).</summary>
    public const int Failure = 1;

    /// <summary>EX_USAGE: the command line is wrong (argp's status).</summary>
    public const int Usage = 64;

    /// <summary>EX_DATAERR: the BPF object is malformed.</summary>
    public const int MalformedObject = 65;

    /// <summary>EX_NOINPUT: an input file does not exist or cannot be read.</summary>
    public const int NoInput = 66;

    /// <summary>EX_UNAVAILABLE: the kernel lacks what is needed: its BTF, or a map or program type the object uses.</summary>
    public const int Unavailable = 69;

    /// <summary>EX_SOFTWARE: the verifier rejected a program.</summary>
    public const int VerifierRejected = 70;

    /// <summary>EX_OSERR: a system call failed for a reason other than privileges.</summary>
    public const int SystemCall = 71;

    /// <summary>EX_OSFILE: tracefs is not mounted and cannot be mounted.</summary>
    public const int NoTracefs = 72;

    /// <summary>EX_CANTCREAT: an output file cannot be created or written (<c>mbpf gen --output</c>).</summary>
    public const int CannotCreate = 73;

    /// <summary>EX_NOPERM: not root and without CAP_BPF and CAP_PERFMON.</summary>
    public const int NoPermission = 77;

    /// <summary>
    /// The unexpected: a bug. Reported in one line like the rest; -v adds the stack trace. Outside sysexits' range so
    /// that it stays distinct from every failure the tools expect.
    /// </summary>
    public const int InternalError = 99;
}
