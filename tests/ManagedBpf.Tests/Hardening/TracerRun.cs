using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.Hardening;

/// <summary>One run of the tracer that is expected to end by itself, optionally under a wrapper (setpriv, unshare, sh).</summary>
internal sealed record TracerRun(int ExitCode, string StandardOutput, string StandardError)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The tracer command line (`dotnet exec proctracer.dll ARGS`) as one shell-quoted string.</summary>
    public static string TracerCommandLine(params string[] args) =>
        string.Join(' ', new[] { TracerCommand.Host }.Concat(TracerCommand.Prefix).Concat(args).Select(Quote));

    public static TracerRun Of(string program, params string[] args)
    {
        var run = ProcessRun.Of(Timeout, program, args);
        return new TracerRun(run.ExitCode, run.StandardOutput, run.StandardError);
    }

    /// <summary>The tracer itself, with these arguments.</summary>
    public static TracerRun Tracer(params string[] args) => Of(TracerCommand.Host, [.. TracerCommand.Prefix, .. args]);

    /// <summary>Exactly one line on stderr, with no stack trace, and nothing on stdout.</summary>
    public string OneErrorLine()
    {
        var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got:\n{StandardError}");
        Assert.DoesNotContain("   at ", StandardError);
        Assert.Equal("", StandardOutput);
        return lines[0];
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''") + "'";
}
