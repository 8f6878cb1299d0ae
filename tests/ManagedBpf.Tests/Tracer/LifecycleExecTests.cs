using System.Diagnostics;
using System.Globalization;
using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// Execs, made to happen for real and read back from both outputs of lifecycle.bpf.o: rows with --extended and
/// --json lines. Each tracer is filtered to the test's own programs where a filter fits, and its rows are picked by
/// unique names and pids.
/// </summary>
public class LifecycleExecTests
{
    private static readonly TimeSpan RowTimeout = TimeSpan.FromSeconds(30);

    [KernelFact]
    public void AnExecReportsTheExecutableArgumentsAndIdentity()
    {
        using var workload = new Workload();
        using var tracers = TracerPair.Start("--comm", workload.Name);
        var (pid, _) = workload.Run("exit 0");

        var text = TextRow.Single(tracers.Text.LinesUntil(l => TextRow.Is(l, "EXEC", pid), RowTimeout), "EXEC", pid);
        Assert.StartsWith(workload.Path + " exe=" + workload.Path, text.Rest);
        Assert.Equal($"{workload.Path} -c 'exit 0'", text.Field("args"));
        Assert.Equal("0", text.Field("uid"));
        Assert.Equal("root", text.Field("user"));
        var bootId = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        Assert.StartsWith(bootId + ":", text.Field("id"));
        Assert.EndsWith($":{pid}", text.Field("id"));
        Assert.EndsWith($":{Environment.ProcessId}", text.Field("parent"));

        var json = JsonRecord.Single(tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exec", pid), RowTimeout), "exec", pid);
        Assert.Equal(workload.Path, json.GetProperty("process.executable.path").GetString());
        Assert.Equal(workload.Name, json.GetProperty("process.executable.name").GetString());
        Assert.Equal([workload.Path, "-c", "exit 0"], json.GetProperty("process.command_args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(3, json.GetProperty("process.args_count").GetInt32());
        Assert.False(json.GetProperty("args_truncated").GetBoolean());
        Assert.Equal(Environment.ProcessId, json.GetProperty("process.parent_pid").GetInt32());
        Assert.Equal(text.Field("id"), json.GetProperty("exec_id").GetString());
        Assert.Equal(text.Field("parent"), json.GetProperty("parent_exec_id").GetString());
        // The event's own time, from the kernel, and the process's creation before it.
        var time = DateTimeOffset.Parse(json.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
        var created = DateTimeOffset.Parse(json.GetProperty("process.creation.time").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(time, created, created.AddSeconds(10));
        Assert.InRange(time, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$", json.GetProperty("time").GetString());
    }

    /// <summary>The path is the one the process sees, as d_path() gives it (the walk ends at the task's root): here a
    /// chroot into a bind mount of / in a mount namespace of its own, where the global walk would prefix the bind
    /// mount's place.</summary>
    [KernelFact]
    public void AChrootedExecReportsThePathFromItsOwnRoot()
    {
        using var workload = new Workload();
        var root = System.IO.Path.Combine(workload.Directory, "root");
        Directory.CreateDirectory(root);
        using var tracers = TracerPair.Start("--comm", workload.Name);
        var script = $"mount --bind / {root} && exec chroot {root} {workload.Path} -c 'echo $$'";
        using var unshare = Process.Start(new ProcessStartInfo("unshare", ["--mount", "--propagation", "private", "/bin/sh", "-c", script])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var pid = int.Parse(unshare.StandardOutput.ReadToEnd().Trim(), CultureInfo.InvariantCulture);
        unshare.WaitForExit();
        Assert.Equal(0, unshare.ExitCode);

        var text = TextRow.Single(tracers.Text.LinesUntil(l => TextRow.Is(l, "EXEC", pid), RowTimeout), "EXEC", pid);
        Assert.StartsWith(workload.Path + " exe=" + workload.Path + " ", text.Rest);
        var json = JsonRecord.Single(tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exec", pid), RowTimeout), "exec", pid);
        Assert.Equal(workload.Path, json.GetProperty("process.executable.path").GetString());
    }

    /// <summary>execve of a file that is missing and of one without x, from a shell; execveat of both kinds, from the
    /// helper (a path relative to AT_FDCWD, and an fd with AT_EMPTY_PATH).</summary>
    [KernelFact]
    public void FailedExecsAreReportedWithTheirErrno()
    {
        using var workload = new Workload();
        using var helper = new Workload("lh", LifecycleHelper.Path);
        var missing = Path.Combine(workload.Directory, "missing-program");
        var notExecutable = Path.Combine(workload.Directory, "not-executable");
        File.WriteAllText(notExecutable, "#!/bin/sh\n");
        using var tracers = TracerPair.Start("-x", "--uid", "root");
        workload.Run($"{missing}; {notExecutable}; exit 0");
        var (helperPid, _) = helper.Start(["execveat-missing", missing]);
        var (fdPid, _) = helper.Start(["execveat-fd", notExecutable]);

        // The shell forks for each command before it execs it: its failures come from children of the same name.
        var text = tracers.Text.LinesUntil(l => TextRow.Is(l, "EXIT", fdPid), RowTimeout).Select(TextRow.TryParse).Where(r => r?.Event == "FAIL").ToList();
        Assert.Contains(text, r => r!.Comm == workload.Name && r.Rest.StartsWith($"{missing} [ENOENT]", StringComparison.Ordinal) && r.Field("syscall") == "execve");
        Assert.Contains(text, r => r!.Comm == workload.Name && r.Rest.StartsWith($"{notExecutable} [EACCES]", StringComparison.Ordinal));
        Assert.Contains(text, r => r!.Pid == helperPid && r.Rest.StartsWith($"{missing} [ENOENT]", StringComparison.Ordinal)
            && r.Field("syscall") == "execveat" && r.Field("dirfd") == "-100");
        Assert.Contains(text, r => r!.Pid == fdPid && r.Rest.StartsWith("[EACCES]", StringComparison.Ordinal) && r.Field("flags") == "0x1000");

        var json = tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", fdPid), RowTimeout).Select(JsonRecord.TryParse)
            .Where(r => r?.GetProperty("event").GetString() == "exec_failed").Select(r => r!.Value).ToList();
        Assert.Contains(json, r => r.GetProperty("comm").GetString() == workload.Name && r.GetProperty("filename").GetString() == missing
            && r.GetProperty("error").GetString() == "ENOENT" && r.GetProperty("errno").GetInt32() == 2 && r.GetProperty("syscall").GetString() == "execve");
        Assert.Contains(json, r => r.GetProperty("comm").GetString() == workload.Name && r.GetProperty("filename").GetString() == notExecutable
            && r.GetProperty("error").GetString() == "EACCES");
        Assert.Contains(json, r => r.GetProperty("process.pid").GetInt32() == helperPid && r.GetProperty("syscall").GetString() == "execveat"
            && r.GetProperty("dirfd").GetInt32() == -100 && r.GetProperty("error").GetString() == "ENOENT");
        Assert.Contains(json, r => r.GetProperty("process.pid").GetInt32() == fdPid && r.GetProperty("filename").GetString() == ""
            && r.GetProperty("at_flags").GetInt32() == 0x1000 && r.GetProperty("error").GetString() == "EACCES");
    }

    /// <summary>1,000 arguments: all of them with --max-args 1000 (and argv[0]), the first 256 by default, flagged.</summary>
    [KernelFact]
    public void AThousandArgumentsAreReadOrCutAndFlagged()
    {
        using var workload = new Workload();
        var arguments = new[] { "-c", "exit 0" }.Concat(Enumerable.Range(1, 998).Select(i => $"arg{i}")).ToArray();
        using var tracers = TracerPair.Start("--comm", workload.Name, "--max-args", "2000");
        using var byDefault = TracerProcess.Start("--json", "--comm", workload.Name);
        var (pid, _) = workload.Start(arguments);

        var text = TextRow.Single(tracers.Text.LinesUntil(l => TextRow.Is(l, "EXEC", pid), RowTimeout), "EXEC", pid);
        Assert.Equal($"{workload.Path} -c 'exit 0' {string.Join(' ', arguments[2..])}", text.Field("args"));

        var all = JsonRecord.Single(tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exec", pid), RowTimeout), "exec", pid);
        Assert.Equal([workload.Path, .. arguments], all.GetProperty("process.command_args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1001, all.GetProperty("process.args_count").GetInt32());
        Assert.False(all.GetProperty("args_truncated").GetBoolean());

        var cut = JsonRecord.Single(byDefault.LinesUntil(l => JsonRecord.Is(l, "exec", pid), RowTimeout), "exec", pid);
        Assert.Equal([workload.Path, .. arguments[..255]], cut.GetProperty("process.command_args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1001, cut.GetProperty("process.args_count").GetInt32());
        Assert.True(cut.GetProperty("args_truncated").GetBoolean());
    }

    /// <summary>
    /// A 1 MiB argument never reaches a new image: no argument may pass MAX_ARG_STRLEN (128 KiB), so execve fails with
    /// E2BIG, and -x reports that. The longest argument that can pass is cut to --max-arg-size, and the argument after
    /// it is still read whole (each argument's length comes from argv[], not from reading it).
    /// </summary>
    [KernelFact]
    public void AOneMebibyteArgumentFailsWithE2bigAndTheLongestPossibleIsCut()
    {
        using var helper = new Workload("lh", LifecycleHelper.Path);
        using var target = new Workload("wl", "/bin/true");
        using var tracers = TracerPair.Start("-x", "--max-arg-size", "1000", "--uid", "root");
        var (failedPid, status) = helper.Start(["exec-arg", target.Path, (1024 * 1024).ToString(CultureInfo.InvariantCulture)], out var errno);
        Assert.Equal((1, "7"), (status, errno.Trim()));
        var (pid, ran) = helper.Start(["exec-arg", target.Path, (128 * 1024 - 1).ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(0, ran);

        // The pid execs twice: the helper first, then the target, whose row is the one wanted.
        var lines = tracers.Text.LinesUntil(l => TextRow.TryParse(l) is { Event: "EXEC" } r && r.Pid == pid && r.Comm == target.Name, RowTimeout);
        Assert.StartsWith($"{target.Path} [E2BIG]", TextRow.Single(lines, "FAIL", failedPid).Rest);
        var exec = TextRow.TryParse(lines[^1])!;
        Assert.Equal($"{target.Path} {new string('x', 1000)} after ... (3 arguments, {target.Path.Length + 1 + 128 * 1024 + 6} bytes)", exec.Field("args"));

        var records = tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exec", pid) && JsonRecord.TryParse(l)!.Value.GetProperty("comm").GetString() == target.Name, RowTimeout);
        Assert.Equal("E2BIG", JsonRecord.Single(records, "exec_failed", failedPid).GetProperty("error").GetString());
        var json = JsonRecord.TryParse(records[^1])!.Value;
        Assert.Equal([target.Path, new string('x', 1000), "after"], json.GetProperty("process.command_args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(3, json.GetProperty("process.args_count").GetInt32());
        Assert.True(json.GetProperty("args_truncated").GetBoolean());
    }

    /// <summary>
    /// A process moves itself into a new cgroup, named as docker names a container's scope, and execs there: the exec
    /// reports the cgroup's path and id and the container; --cgroup on the parent cgroup sees it (a descendant) and
    /// nothing from outside.
    /// </summary>
    [KernelFact]
    public void AnExecInANewCgroupReportsTheCgroupAndItsContainer()
    {
        var mount = CgroupV2.MountPoint()!;
        var containerId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var parent = $"/mbpf-{Environment.ProcessId}-{Guid.NewGuid():N}";
        var scope = $"{parent}/docker-{containerId}.scope";
        Directory.CreateDirectory(mount + scope);
        try
        {
            using var mover = new Workload();
            using var inside = new Workload();
            using var tracers = TracerPair.Start("--cgroup", parent);
            var (pid, exitCode) = mover.Run($"echo $$ > {mount}{scope}/cgroup.procs && exec {inside.Path} -c 'exit 4'");
            Assert.Equal(4, exitCode);
            var id = CgroupV2.IdOf(mount + scope);

            var text = tracers.Text.LinesUntil(l => TextRow.Is(l, "EXIT", pid), RowTimeout);
            var exec = TextRow.Single(text, "EXEC", pid);
            Assert.Equal(inside.Name, exec.Comm);
            Assert.Equal(scope, exec.Field("cgroup"));
            Assert.Equal($"docker:{containerId}", exec.Field("container"));
            // The mover's own exec happened before it moved: outside the cgroup, so filtered out in the kernel.
            Assert.DoesNotContain(text, l => l.Contains(mover.Name, StringComparison.Ordinal));

            var json = tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", pid), RowTimeout);
            var record = JsonRecord.Single(json, "exec", pid);
            Assert.Equal("0::" + scope, record.GetProperty("process.linux.cgroup").GetString());
            Assert.Equal(id, record.GetProperty("cgroup.id").GetUInt64());
            Assert.Equal(containerId, record.GetProperty("container.id").GetString());
            Assert.Equal("docker", record.GetProperty("container.runtime").GetString());
            var exit = JsonRecord.Single(json, "exit", pid);
            Assert.Equal(id, exit.GetProperty("cgroup.id").GetUInt64());
            Assert.Equal(containerId, exit.GetProperty("container.id").GetString());
            Assert.Equal(4, exit.GetProperty("process.exit.code").GetInt32());
        }
        finally
        {
            Directory.Delete(mount + scope);
            Directory.Delete(mount + parent);
        }
    }

    /// <summary>
    /// The same pid twice: a process ends, and a child is created at its pid (clone3's set_tid). Same pid, same
    /// program, two processes: their exec ids differ, because their start times do.
    /// </summary>
    [KernelFact]
    public void AReusedPidIsAnotherProcess()
    {
        using var workload = new Workload();
        using var helper = new Workload("lh", LifecycleHelper.Path);
        using var tracers = TracerPair.Start("--comm", workload.Name);
        int first = 0, second = 0;
        for (var attempt = 0; attempt < 20 && second == 0; attempt++)
        {
            (first, _) = workload.Run("exit 0");
            // Another process may take the pid first (EEXIST): then try with a new one.
            var (_, status) = helper.Start(["spawn-at", first.ToString(CultureInfo.InvariantCulture), workload.Path, "-c", "exit 0"], out var child);
            if (status == 0 && int.Parse(child.Trim(), CultureInfo.InvariantCulture) == first)
                second = first;
        }
        Assert.Equal(first, second);

        var text = tracers.Text.LinesUntil(l => l.Contains(" EXIT ", StringComparison.Ordinal) && TextRow.TryParse(l)?.Pid == first
            && TextRow.TryParse(l)?.ParentPid != Environment.ProcessId, RowTimeout);
        var execs = text.Select(TextRow.TryParse).Where(r => r?.Event == "EXEC" && r.Pid == first).ToList();
        Assert.True(execs.Count >= 2, string.Join("\n", text));
        var ids = execs.TakeLast(2).Select(r => r!.Field("id")).ToList();
        Assert.NotEqual(ids[0], ids[1]);
        Assert.All(ids, id => Assert.EndsWith($":{first}", id));

        var json = tracers.Json.LinesUntil(l => JsonRecord.Is(l, "exit", first) && JsonRecord.TryParse(l)!.Value.GetProperty("process.parent_pid").GetInt32()
            != Environment.ProcessId, RowTimeout).Where(l => JsonRecord.Is(l, "exec", first)).Select(l => JsonRecord.TryParse(l)!.Value).TakeLast(2).ToList();
        Assert.Equal(2, json.Count);
        Assert.NotEqual(json[0].GetProperty("exec_id").GetString(), json[1].GetProperty("exec_id").GetString());
        Assert.NotEqual(json[0].GetProperty("process.creation.time").GetString(), json[1].GetProperty("process.creation.time").GetString());
        Assert.Equal(ids, json.Select(r => r.GetProperty("exec_id").GetString()));
    }
}
