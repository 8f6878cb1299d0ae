using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>ProcTracer running as a child process, its stdout read line by line as the rows appear.</summary>
internal sealed class TracerProcess : IDisposable
{
    public const int SIGHUP = 1, SIGINT = 2, SIGTERM = 15;

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = [];
    private readonly ConcurrentQueue<string> _errors = new();

    private TracerProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                _lines.CompleteAdding();
            else
                _lines.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
                _errors.Enqueue(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string StandardError => string.Join("\n", _errors);

    /// <summary>Starts the tracer built beside the tests and waits for its header (the "attached" signal).</summary>
    public static TracerProcess Start(params string[] args) => Start(TracerCommand.Host, [.. TracerCommand.Prefix, .. args]);

    /// <summary>Starts the tracer with these environment variables set.</summary>
    public static TracerProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(TracerCommand.Host, [.. TracerCommand.Prefix, .. args], environment: environment);

    /// <summary>Starts the tracer through <c>sh -c</c>, as <c>PREFIX TRACER ARGS SUFFIX</c> (e.g. <c>trap '' INT; exec</c>
    /// and <c>&gt; file 2&gt;&amp;1</c>); with its output redirected by the suffix, nothing is waited for.</summary>
    public static TracerProcess StartInShell(string prefix, string suffix, params string[] args)
    {
        var command = string.Join(' ', new[] { TracerCommand.Host }.Concat(TracerCommand.Prefix).Concat(args).Select(Quote));
        return Start("/bin/sh", ["-c", $"{prefix} {command} {suffix}"], waitForFirstLine: suffix.Length == 0);
    }

    /// <summary>Starts <paramref name="executable"/>, optionally with an empty environment, and waits for its header (or
    /// its JSON start record: both come once everything is attached).</summary>
    public static TracerProcess Start(string executable, string[] args, bool emptyEnvironment = false, bool waitForFirstLine = true,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            info.ArgumentList.Add(arg);
        if (emptyEnvironment)
            info.Environment.Clear();
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            info.Environment[name] = value;
        var tracer = new TracerProcess(Process.Start(info)!);
        if (!waitForFirstLine)
            return tracer;
        var header = tracer.WaitForLine(l => l.StartsWith("TIME ", StringComparison.Ordinal) || l.Contains("\"event\":\"start\""), TimeSpan.FromSeconds(60));
        Assert.True(header is not null, $"no header from the tracer; stderr:\n{tracer.StandardError}");
        return tracer;
    }

    /// <summary>Every line from now up to and including the first that satisfies <paramref name="last"/>; fails the
    /// test, with the tracer's stderr, if none comes within <paramref name="timeout"/>.</summary>
    public List<string> LinesUntil(Func<string, bool> last, TimeSpan timeout)
    {
        var lines = new List<string>();
        var found = WaitForLine(l =>
        {
            lines.Add(l);
            return last(l);
        }, timeout);
        Assert.True(found is not null, $"no such line within {timeout}; got:\n{string.Join("\n", lines)}\nstderr:\n{StandardError}");
        return lines;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The first line (from now on) that satisfies the predicate, or null at timeout or end of output.</summary>
    public string? WaitForLine(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (!_lines.TryTake(out var line, remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero))
                return null;
            if (predicate(line))
                return line;
        }
        return null;
    }

    /// <summary>Every line that arrives within <paramref name="window"/>.</summary>
    public List<string> LinesFor(TimeSpan window)
    {
        var result = new List<string>();
        var deadline = DateTime.UtcNow + window;
        while (DateTime.UtcNow < deadline && _lines.TryTake(out var line, deadline - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero))
            result.Add(line);
        return result;
    }

    public void Signal(int signal) => Assert.Equal(0, kill(_process.Id, signal));

    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), "the tracer did not exit");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
        _lines.Dispose();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

/// <summary>How to start the tracer: the framework-dependent build that the test project references.</summary>
internal static class TracerCommand
{
    private static readonly string Assembly = Path.Combine(AppContext.BaseDirectory, "proctracer.dll");

    public static string Host => Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath! : "dotnet";

    public static string[] Prefix => ["exec", Assembly];
}
