namespace ManagedBpf.Cli;

/// <summary>
/// The failures both tools meet in the library, each with its message and status, and the class every exception
/// belongs to: the library's typed exceptions by what they say, anything else an internal error (still one line).
/// </summary>
internal static class Failures
{
    /// <summary>The failure an exception stands for; <paramref name="objectName"/> names the BPF object in messages.</summary>
    public static Failure Classify(Exception e, string objectName) => e switch
    {
        Failure failure => failure,
        BpfVerifierException rejected => Rejected(rejected),
        BpfFormatException malformed => Malformed(objectName, malformed),
        BpfNotSupportedException missing => NotSupported(missing),
        BpfSyscallException { Errno: Errno.EPERM or Errno.EACCES } denied => NoPermission(denied),
        BpfSyscallException call => SystemCall(call),
        BpfException other => Other(other),
        _ => Internal(e),
    };

    public static Failure NoPermission(BpfSyscallException e) => new(ExitCodes.NoPermission,
        $"permission denied: {e.Message}; run it as root, e.g. with sudo");

    public static Failure Rejected(BpfVerifierException e) => new(ExitCodes.VerifierRejected,
        $"the kernel's verifier rejected program '{e.ObjectName}': {e.Message}; run with -v for the whole verifier log",
        $"verifier log of '{e.ObjectName}':\n{e.Log.TrimEnd('\n')}");

    public static Failure Malformed(string objectName, BpfFormatException e) => new(ExitCodes.MalformedObject,
        $"malformed BPF object {objectName}: {e.Message}; rebuild it with clang -target bpf -g -O2");

    public static Failure NotSupported(BpfNotSupportedException e) => new(ExitCodes.Unavailable, e.Message);

    public static Failure SystemCall(BpfSyscallException e) => new(ExitCodes.SystemCall, e.Message);

    public static Failure Other(BpfException e) => new(ExitCodes.Failure, e.Message);

    public static Failure Internal(Exception e) => new(ExitCodes.InternalError,
        $"internal error ({e.GetType().Name}: {e.Message}); please report it with the output of -v", e.ToString());
}
