using System.Diagnostics;
using System.Text.RegularExpressions;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>ProcTracer against the real kernel, as a user runs it: a child process whose stdout is a pipe.</summary>
public class TracerEndToEndTests
{
    private static readonly TimeSpan RowTimeout = TimeSpan.FromSeconds(20);

    [KernelFact]
    public void PrintsExecAndExitRowsOfAProgramThatExits7()
    {
        using var workload = new Workload();
        using var tracer = TracerProcess.Start();
        var (pid, exitCode) = workload.Run("sleep 0.3; exit 7");
        Assert.Equal(7, exitCode);

        var exec = Row.Parse(tracer.WaitForLine(l => Row.Is(l, "EXEC", pid), RowTimeout), "EXEC", pid, tracer);
        Assert.Equal((workload.Name, Environment.ProcessId, workload.Path), (exec.Comm, exec.ParentPid, exec.Rest));
        Assert.Matches(@"^\d\d:\d\d:\d\d$", exec.Time);

        var exit = Row.Parse(tracer.WaitForLine(l => Row.Is(l, "EXIT", pid), RowTimeout), "EXIT", pid, tracer);
        Assert.Equal((workload.Name, Environment.ProcessId), (exit.Comm, exit.ParentPid));
        var match = Regex.Match(exit.Rest, @"^\[7\] \((\d+)ms\)$");
        Assert.True(match.Success, $"exit row '{exit.Line}'");
        Assert.InRange(int.Parse(match.Groups[1].Value), 290, 10_000);
    }

    [KernelFact]
    public void WithAMinimumDurationOnlyLongLivedExitsArePrinted()
    {
        using var workload = new Workload();
        using var tracer = TracerProcess.Start("-d", "200");
        var (shortPid, _) = workload.Run("exit 3");
        var (longPid, _) = workload.Run("sleep 0.3; exit 7");

        var seen = new List<string>();
        var exit = tracer.WaitForLine(l => { seen.Add(l); return Row.Is(l, "EXIT", longPid); }, RowTimeout);
        Row.Parse(exit, "EXIT", longPid, tracer);
        Assert.Matches(@"\[7\] \(\d+ms\)$", exit);
        // The ring buffer is ordered: everything emitted before the long exit has been printed by now.
        Assert.DoesNotContain(seen, l => Row.Is(l, "EXEC", longPid) || Row.Is(l, "EXEC", shortPid) || Row.Is(l, "EXIT", shortPid));
    }

    /// <summary>
    /// To a pipe, rows go out in blocks while execs flow (EventPump sleeps between drains and writes when a block
    /// fills or the flow pauses); an exec loop that never pauses still gets its first rows within about half a second,
    /// not when the loop stops or 64 KiB of rows have piled up.
    /// </summary>
    [KernelFact]
    public void RowsOfAnExecLoopThatNeverPausesArriveWhileItRuns()
    {
        using var workload = new Workload("st", "/bin/true");
        using var tracer = TracerProcess.Start();
        using var loop = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "while :; do \"$0\"; done", workload.Path]))!;
        try
        {
            var row = tracer.WaitForLine(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, "EXEC", var comm, ..] && comm == workload.Name,
                TimeSpan.FromSeconds(5));
            Assert.NotNull(row);
            Assert.False(loop.HasExited);
        }
        finally
        {
            loop.Kill();
            loop.WaitForExit();
        }
    }

    [KernelTheory]
    [InlineData(TracerProcess.SIGINT)]
    [InlineData(TracerProcess.SIGTERM)]
    [InlineData(TracerProcess.SIGHUP)]
    public void ASignalDetachesAndUnloadsEverything(int signal)
    {
        // Started with the signals' default handling, as a shell or a service manager starts it: a test host run under
        // nohup passes SIGHUP on ignored, and a tracer that inherits it ignored keeps it so (as bootstrap does).
        using var tracer = TracerProcess.Start("/usr/bin/env", ["--default-signal=HUP,INT,TERM", TracerCommand.Host, .. TracerCommand.Prefix]);
        var programs = KernelObjects.ProgramIdsHeldBy(tracer.Id);
        Assert.Equal(2, programs.Count);
        var mapped = File.ReadAllText($"/proc/{tracer.Id}/maps");
        Assert.DoesNotContain("libbpf", mapped);
        Assert.DoesNotContain("libelf", mapped);
        Assert.All(programs, id => Assert.True(KernelObjects.ProgramExists(id)));

        // Every fd the tracer opened for the kernel (bpf objects, perf events, epoll, eventfd) is close-on-exec.
        var fds = KernelObjects.AnonymousFdFlags(tracer.Id);
        Assert.Contains(fds, fd => fd.Target == "anon_inode:bpf-prog");
        Assert.All(fds, fd => Assert.True((fd.Flags & KernelObjects.CloseOnExec) != 0, $"fd {fd.Fd} ({fd.Target}) lacks O_CLOEXEC"));

        tracer.Signal(signal);
        Assert.Equal(0, tracer.WaitForExit(TimeSpan.FromSeconds(30)));
        AssertUnloaded(programs);
    }

    /// <summary>Started as a script's background job is (SIGINT ignored), SIGINT still stops it, as bootstrap's
    /// signal() handler does; .NET alone would keep the signal ignored.</summary>
    [KernelFact]
    public void SigintStopsItEvenWhenIgnoredOnEntry()
    {
        using var tracer = TracerProcess.StartInShell("trap '' INT; exec", "");
        var ignored = File.ReadLines($"/proc/{tracer.Id}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        Assert.Equal(0UL, Convert.ToUInt64(ignored["SigIgn:".Length..].Trim(), 16) & (1UL << (TracerProcess.SIGINT - 1)));
        var programs = KernelObjects.ProgramIdsHeldBy(tracer.Id);
        tracer.Signal(TracerProcess.SIGINT);
        Assert.Equal(0, tracer.WaitForExit(TimeSpan.FromSeconds(30)));
        AssertUnloaded(programs);
    }

    /// <summary>'&gt; log 2&gt;&amp;1' makes stdout and stderr one open file with one offset: the header, the loader's log and
    /// the final count all land, none over another.</summary>
    [KernelFact]
    public void StdoutAndStderrSharingAFileDoNotOverwriteEachOther()
    {
        var log = Path.GetTempFileName();
        try
        {
            using var tracer = TracerProcess.StartInShell("exec", $"> {log} 2>&1", "-v");
            Assert.True(TestPrograms.Eventually(() => File.ReadAllText(log).Contains("FILENAME/EXIT CODE\n", StringComparison.Ordinal), TimeSpan.FromSeconds(60)),
                $"no header in {log}:\n{File.ReadAllText(log)}");
            tracer.Signal(TracerProcess.SIGINT);
            Assert.Equal(0, tracer.WaitForExit(TimeSpan.FromSeconds(30)));
            var lines = File.ReadAllLines(log);
            Assert.Single(lines, l => l == EventFormatterHeader);
            Assert.Contains(lines, l => l.StartsWith("managedbpf: prog 'handle_exec_raw': attached: raw_tracepoint sched_process_exec", StringComparison.Ordinal));
            Assert.Equal("proctracer: 0 events lost (ring buffer full)", lines[^1]);
            Assert.True(Array.IndexOf(lines, EventFormatterHeader) < lines.Length - 1);
        }
        finally
        {
            File.Delete(log);
        }
    }

    private const string EventFormatterHeader = "TIME     EVENT COMM             PID     PPID    FILENAME/EXIT CODE";

    [KernelFact]
    public void ControlCharactersInAFileNameAreEscapedNotPrinted()
    {
        using var workload = new Workload("wl\u001b[2J\u0007");
        using var tracer = TracerProcess.Start();
        var (pid, _) = workload.Run("exit 0");

        var exec = tracer.WaitForLine(l => l.Contains(" EXEC ") && l.Contains($" {pid} "), RowTimeout);
        Assert.True(exec is not null, $"no EXEC row for pid {pid}; stderr:\n{tracer.StandardError}");
        Assert.DoesNotContain('\u001b', exec);
        Assert.DoesNotContain('\u0007', exec);
        Assert.Contains("wl\\x1b[2J\\x07", exec);
    }

    /// <summary>One output row: TIME EVENT COMM PID PPID and the rest (filename, or exit code and duration).</summary>
    private sealed record Row(string Line, string Time, string Event, string Comm, int Pid, int ParentPid, string Rest)
    {
        private static readonly Regex Shape = new(@"^(\S+) +(\S+) +(\S+) +(\d+) +(\d+) +(.*)$");

        public static bool Is(string line, string kind, int pid) =>
            Shape.Match(line) is { Success: true } m && m.Groups[2].Value == kind && m.Groups[4].Value == pid.ToString();

        public static Row Parse(string? line, string kind, int pid, TracerProcess tracer)
        {
            Assert.True(line is not null, $"no {kind} row for pid {pid}; tracer stderr:\n{tracer.StandardError}");
            var m = Shape.Match(line!);
            return new Row(line!, m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, int.Parse(m.Groups[4].Value), int.Parse(m.Groups[5].Value), m.Groups[6].Value);
        }
    }

    /// <summary>
    /// The kernel frees a program once its last reference goes, and a raw tracepoint link drops its reference only
    /// after an RCU grace period (bpf_link_free's dealloc_deferred, 6.9+): so "gone" is polled for a few seconds,
    /// not read once at the tracer's exit.
    /// </summary>
    private static void AssertUnloaded(IEnumerable<uint> programs) =>
        Assert.All(programs, id => Assert.True(TestPrograms.Eventually(() => !KernelObjects.ProgramExists(id), TimeSpan.FromSeconds(10)),
            $"program {id} is still loaded 10 s after the tracer exited"));
}
