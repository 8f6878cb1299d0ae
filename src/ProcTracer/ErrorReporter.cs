using ManagedBpf;

namespace ProcTracer;

/// <summary>Turns whatever stopped the tracer into a <see cref="Failure"/> and prints it: one line, no stack trace.</summary>
internal static class ErrorReporter
{
    /// <summary>The failure an exception stands for; unknown exceptions are internal errors, still one line.</summary>
    public static Failure Classify(Exception e, string objectName) => e switch
    {
        Failure failure => failure,
        BpfVerifierException rejected => Messages.Rejected(rejected),
        BpfFormatException malformed => Messages.Malformed(objectName, malformed),
        BpfSyscallException { Errno: Errno.EPERM or Errno.EACCES } denied => Messages.NoPermission(denied),
        BpfSyscallException call => Messages.SystemCall(call),
        BpfException other => Messages.Other(other),
        _ => Messages.Internal(e),
    };

    /// <summary>Writes "proctracer: message" (and with <paramref name="verbose"/> the details) to stderr.</summary>
    public static int Report(Failure failure, bool verbose)
    {
        try
        {
            Console.Error.WriteLine($"{CommandLine.ProgramName}: {failure.Message}");
            if (verbose && failure.Details is not null)
                Console.Error.WriteLine(failure.Details);
            Console.Error.Flush();
        }
        catch (IOException)
        {
            // stderr is closed too: the status is all that is left to say it.
        }
        return failure.ExitCode;
    }
}
