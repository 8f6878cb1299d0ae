using System.Diagnostics;
using Xunit;

namespace ManagedBpf.Tests;

/// <summary>A child process run to its end: its status and everything it printed. A run past its timeout is killed
/// (with its children) and fails the test.</summary>
internal readonly record struct ProcessRun(int ExitCode, string StandardOutput, string StandardError)
{
    public static ProcessRun Of(TimeSpan timeout, string program, params IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} did not end in {timeout}");
        }
        process.WaitForExit();
        return new ProcessRun(process.ExitCode, output.Result, errors.Result);
    }
}
