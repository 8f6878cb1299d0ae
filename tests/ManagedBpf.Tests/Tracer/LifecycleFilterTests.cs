using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>The filters of lifecycle.bpf.o, applied in the kernel, and --summary.</summary>
public class LifecycleFilterTests
{
    private static readonly TimeSpan RowTimeout = TimeSpan.FromSeconds(30);

    /// <summary>--uid: a program run as nobody is seen, the same program run as root is not.</summary>
    [KernelFact]
    public void UidKeepsOnlyThatUsersProcesses()
    {
        using var workload = new Workload();
        File.SetUnixFileMode(workload.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(workload.Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        using var tracers = TracerPair.Start("--uid", "nobody");
        var (rootPid, _) = workload.Run("exit 0");
        using var asNobody = Process.Start(new ProcessStartInfo("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", workload.Path, "-c", "exit 2"])
        {
            UseShellExecute = false,
            WorkingDirectory = workload.Directory,
        })!;
        asNobody.WaitForExit();
        var pid = asNobody.Id;

        var text = tracers.Text.LinesUntil(l => TextRow.Is(l, "EXIT", pid), RowTimeout);
        var exec = TextRow.Single(text, "EXEC", pid);
        Assert.Equal(("65534", "nobody"), (exec.Field("uid"), exec.Field("user")));
        Assert.DoesNotContain(text, l => TextRow.TryParse(l)?.Pid == rootPid);

        var json = tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", pid), RowTimeout);
        Assert.Equal(65534, JsonRecord.Single(json, "exec", pid).GetProperty("process.real_user.id").GetInt32());
        Assert.Equal(2, JsonRecord.Single(json, "exit", pid).GetProperty("process.exit.code").GetInt32());
        Assert.DoesNotContain(json, l => l.Contains($"\"process.pid\":{rootPid},", StringComparison.Ordinal));
        Assert.All(json.Skip(1).Select(JsonRecord.TryParse), r => Assert.Equal(65534, r!.Value.GetProperty("process.real_user.id").GetInt32()));
    }

    /// <summary>
    /// --pid with --tree: a shell that is already running when the tracer starts, and the processes it starts after,
    /// children and grandchildren; not the test's other processes.
    /// </summary>
    [KernelFact]
    public void PidWithTreeFollowsTheProcessAndItsDescendants()
    {
        using var workload = new Workload();
        using var outsider = new Workload();
        using var root = Process.Start(new ProcessStartInfo(workload.Path, ["-c", $"read line; {workload.Path} -c '{workload.Path} -c \"exit 6\"'; exit 0"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        })!;
        using var tracers = TracerPair.Start("--pid", root.Id.ToString(CultureInfo.InvariantCulture), "--tree");
        var (outsiderPid, _) = outsider.Run("exit 0");
        root.StandardInput.WriteLine("go");
        root.WaitForExit();

        var text = tracers.Text.LinesUntil(l => TextRow.Is(l, "EXIT", root.Id), RowTimeout).Select(TextRow.TryParse).Where(r => r is not null).ToList();
        Assert.Equal(2, text.Count(r => r!.Event == "EXEC" && r.Comm == workload.Name));
        Assert.Contains(text, r => r!.Event == "EXIT" && r.Rest.StartsWith("[6]", StringComparison.Ordinal));
        Assert.DoesNotContain(text, r => r!.Pid == outsiderPid || r.Comm == outsider.Name);

        var json = tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", root.Id), RowTimeout).Select(JsonRecord.TryParse).Where(r => r is not null).ToList();
        Assert.Equal(2, json.Count(r => r!.Value.GetProperty("event").GetString() == "exec"));
        Assert.Contains(json, r => r!.Value.GetProperty("event").GetString() == "exit" && r.Value.GetProperty("process.exit.code").GetInt32() == 6);
        Assert.DoesNotContain(json, r => r!.Value.GetProperty("comm").GetString() == outsider.Name);
    }

    [KernelFact]
    public void SummaryAddsUpWhatWasSeen()
    {
        using var workload = new Workload();
        using var tracer = TracerProcess.Start("--summary", "--comm", workload.Name);
        workload.Run("exit 3");
        workload.Run("exit 3");
        var (killed, _) = workload.Run("kill -KILL $$");
        tracer.LinesUntil(l => TextRow.Is(l, "EXIT", killed), RowTimeout);
        tracer.Signal(TracerProcess.SIGINT);
        var summary = string.Join("\n", tracer.LinesFor(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, tracer.WaitForExit(TimeSpan.FromSeconds(30)));

        Assert.Contains($"        3 {workload.Name}", summary);
        Assert.Matches(@"Exit codes:\n    COUNT CODE\n        2 3\n", summary);
        Assert.Matches(@"Signals:\n    COUNT SIGNAL\n        1 SIGKILL\n", summary);
        Assert.Matches(@"Lifetimes \(fork to exit\):\n +usecs +: count +distribution\n", summary);
    }
}
