using System.Globalization;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// How processes end, made to happen for real and read back from both outputs of lifecycle.bpf.o: rows with
/// --extended and --json lines, each tracer filtered to the test's own programs with --comm.
/// </summary>
public class LifecycleExitTests
{
    private static readonly TimeSpan RowTimeout = TimeSpan.FromSeconds(30);

    [KernelFact]
    public void AProcessKilledBySigkillEndsWithTheSignal()
    {
        using var workload = new Workload();
        using var tracers = TracerPair.Start("--comm", workload.Name);
        var (pid, exitCode) = workload.Run("kill -KILL $$");
        Assert.Equal(137, exitCode);

        var text = TextRow.Single(tracers.Text.LinesUntil(l => TextRow.Is(l, "EXIT", pid), RowTimeout), "EXIT", pid);
        // Bootstrap's column keeps its [0] for a killed process; the fields say what happened.
        Assert.StartsWith("[0] (", text.Rest);
        Assert.Equal("SIGKILL", text.Field("signal"));
        Assert.Null(text.Field("core"));
        Assert.Null(text.Field("exit"));

        var json = JsonRecord.Single(tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", pid), RowTimeout), "exit", pid);
        Assert.Equal("SIGKILL", json.GetProperty("signal").GetString());
        Assert.False(json.GetProperty("core_dumped").GetBoolean());
        Assert.Equal(137, json.GetProperty("process.exit.code").GetInt32());
        Assert.Equal(workload.Name, json.GetProperty("comm").GetString());
    }

    [KernelFact]
    public void AProcessThatDumpsCoreSaysSo()
    {
        using var helper = new Workload("lh", LifecycleHelper.Path);
        using var pattern = CorePattern.Discarding();
        using var tracers = TracerPair.Start("--comm", helper.Name);
        var (_, exitCode) = helper.Start(["dump-core"], out var output);
        Assert.Equal(0, exitCode);
        var status = output.Split(' ', StringSplitOptions.TrimEntries).Select(f => int.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var pid = status[0];
        // It did dump: its parent's wait status says so.
        Assert.Equal([11, 1], status[1..]);

        var text = TextRow.Single(tracers.Text.LinesUntil(l => TextRow.Is(l, "EXIT", pid), RowTimeout), "EXIT", pid);
        Assert.Equal("SIGSEGV", text.Field("signal"));
        Assert.Equal("dumped", text.Field("core"));

        var json = JsonRecord.Single(tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", pid), RowTimeout), "exit", pid);
        Assert.Equal("SIGSEGV", json.GetProperty("signal").GetString());
        Assert.True(json.GetProperty("core_dumped").GetBoolean());
        Assert.Equal(139, json.GetProperty("process.exit.code").GetInt32());
    }

    /// <summary>Bootstrap reports the main thread's end as the process's; the process ends with its last thread, and
    /// with that thread's exit_group() code. With --threads the main thread's own end comes first, as a thread's.</summary>
    [KernelFact]
    public void AProcessWhoseMainThreadEndsFirstEndsWithItsLastThread()
    {
        using var helper = new Workload("lh", LifecycleHelper.Path);
        using var tracers = TracerPair.Start("--comm", helper.Name, "--threads");
        var (pid, exitCode) = helper.Start(["threads", "5"]);
        Assert.Equal(5, exitCode);

        var lines = tracers.Text.LinesUntil(l => TextRow.Is(l, "EXIT", pid), RowTimeout);
        var thread = TextRow.Single(lines, "TEXIT", pid);
        Assert.Equal("[0]", thread.Rest.Split(' ')[0]);
        Assert.Null(thread.Field("tid"));
        var exit = TextRow.Single(lines, "EXIT", pid);
        Assert.StartsWith("[5]", exit.Rest);
        Assert.Equal("5", exit.Field("exit"));
        var lastThread = int.Parse(exit.Field("tid")!, CultureInfo.InvariantCulture);
        Assert.NotEqual(pid, lastThread);
        // The last thread waited 200 ms after the main thread ended.
        Assert.True(double.Parse(exit.Field("age")!.TrimEnd('m', 's'), CultureInfo.InvariantCulture) >= 200, exit.Line);

        var records = tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", pid), RowTimeout);
        var threadRecord = JsonRecord.Single(records, "thread_exit", pid);
        Assert.Equal(pid, threadRecord.GetProperty("thread.id").GetInt32());
        var exitRecord = JsonRecord.Single(records, "exit", pid);
        Assert.Equal(lastThread, exitRecord.GetProperty("thread.id").GetInt32());
        Assert.Equal(5, exitRecord.GetProperty("process.exit.code").GetInt32());
        Assert.False(exitRecord.TryGetProperty("signal", out _));
        Assert.True(exitRecord.GetProperty("age_ns").GetInt64() >= 200_000_000);
    }
}

/// <summary>
/// kernel.core_pattern for the length of a test: cores piped to a shell that reads and discards them, then the
/// pattern put back. A pipe, because fs/coredump.c enforces RLIMIT_CORE only on files: `sudo` starts its command
/// with a hard core limit of 0, which root cannot raise without CAP_SYS_RESOURCE (these machines lack it), and
/// a file pattern would then dump nothing. The handler runs in the initial namespaces, whatever root the test has.
/// </summary>
internal sealed class CorePattern : IDisposable
{
    private const string Path = "/proc/sys/kernel/core_pattern";
    private readonly string _saved;

    private CorePattern(string saved) => _saved = saved;

    public static CorePattern Discarding()
    {
        var saved = File.ReadAllText(Path).TrimEnd('\n');
        // The kernel splits the pattern at spaces into argv: the script must have none.
        File.WriteAllText(Path, "|/bin/sh -c cat>/dev/null");
        return new CorePattern(saved);
    }

    public void Dispose() => File.WriteAllText(Path, _saved);
}
