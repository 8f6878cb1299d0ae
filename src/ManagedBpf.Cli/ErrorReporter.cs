namespace ManagedBpf.Cli;

/// <summary>Prints a <see cref="Failure"/> the one way both tools do: one line, the details only when asked for.</summary>
internal static class ErrorReporter
{
    /// <summary>
    /// Writes "program: message" (and with <paramref name="verbose"/> the details) to <paramref name="stderr"/>;
    /// returns the failure's exit status.
    /// </summary>
    public static int Report(Failure failure, string program, bool verbose, TextWriter stderr)
    {
        try
        {
            // One line: a message that carries newlines (a kernel log line, an exception's text) is joined.
            stderr.WriteLine($"{program}: {failure.Message.ReplaceLineEndings(" ")}");
            if (verbose && failure.Details is not null)
                stderr.WriteLine(failure.Details);
            stderr.Flush();
        }
        catch (IOException)
        {
            // stderr is closed too: the status is all that is left to say it.
        }
        return failure.ExitCode;
    }
}
