using System.Diagnostics;
using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// samples/TaskIter against libbpf-bootstrap's task_iter.c: a uniquely named process asleep must be in the task list,
/// with task_iter.c's line for it (its pid, comm, kernel stack depth and INTERRUPTIBLE). It waits in read(2) on an
/// empty pipe (pipe_read: TASK_INTERRUPTIBLE alone); a sleep(1) would not do, since nanosleep's state is also
/// TASK_FREEZABLE since 6.1, which task_iter.c's exact-value table prints as &lt;unknown&gt;.
/// </summary>
public class TaskIterSampleTests
{
    [KernelFact]
    public void ASleepingProcessIsListedWithTheCExamplesLine()
    {
        using var workload = new Workload("ti", "/bin/cat");
        using var sleeper = Process.Start(new ProcessStartInfo(workload.Path) { RedirectStandardInput = true })!;
        try
        {
            // Asleep in read(2): wait for /proc to say so, so the iterator sees the same state.
            var stat = $"/proc/{sleeper.Id}/stat";
            SpinWait.SpinUntil(() => File.ReadAllText(stat).Split(' ')[2] == "S", TimeSpan.FromSeconds(10));

            var all = ProcessRun.Of(TimeSpan.FromSeconds(60), TracerCommand.Host, "exec", SampleProcess.PathOf("task_iter"));
            var filtered = ProcessRun.Of(TimeSpan.FromSeconds(60), TracerCommand.Host, "exec", SampleProcess.PathOf("task_iter"),
                sleeper.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            Assert.Equal(0, all.ExitCode);
            Assert.Equal(0, filtered.ExitCode);
            var line = $@"^Task Info\. Pid: {sleeper.Id}\. Process Name: {workload.Name}\. Kernel Stack Len: \d+\. State: INTERRUPTIBLE$";
            Assert.Single(all.StandardOutput.Split('\n'), l => System.Text.RegularExpressions.Regex.IsMatch(l, line));
            // The iterator walks every thread: the kernel's own threads are there too, and the test's process.
            Assert.Contains(all.StandardOutput.Split('\n'), l => l.StartsWith("Task Info. Pid: 2. Process Name: kthreadd.", StringComparison.Ordinal));
            Assert.Contains(all.StandardOutput.Split('\n'), l => l.StartsWith($"Task Info. Pid: {Environment.ProcessId}. ", StringComparison.Ordinal));
            // With a pid, only that process's threads (task_iter.c's linfo.task.pid).
            Assert.Matches(line, filtered.StandardOutput.TrimEnd('\n'));
        }
        finally
        {
            sleeper.Kill();
            sleeper.WaitForExit();
        }
    }
}
