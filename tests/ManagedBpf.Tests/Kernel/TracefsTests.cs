using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

public class TracefsTests
{
    [KernelFact]
    public void LocateFindsOrMountsTracefs()
    {
        var path = Tracefs.Locate();
        Assert.True(Directory.Exists(Path.Combine(path, "events", "sched")));
        Assert.Equal(path, MountInfo.FindTracefs(File.ReadAllText("/proc/self/mountinfo")));
    }

    [KernelFact]
    public void TracepointIdIsReadFromTracefs()
    {
        var id = Tracefs.GetTracepointId("sched", "sched_process_exec");
        Assert.True(id > 0);
        var again = int.Parse(File.ReadAllText(Path.Combine(Tracefs.Locate(), "events/sched/sched_process_exec/id")).Trim());
        Assert.Equal(again, id);
    }

    [KernelTheory]
    [InlineData("sched", "nope")]
    [InlineData("nope", "nope")]
    public void MissingTracepointIsAClearError(string category, string name)
    {
        var error = Assert.Throws<BpfException>(() => Tracefs.GetTracepointId(category, name));
        Assert.Contains($"{category}/{name} does not exist", error.Message);
    }

    [Theory]
    [InlineData("..", "x")]
    [InlineData("sched/../..", "x")]
    [InlineData("sched", "")]
    public void PathTricksAreRejected(string category, string name) =>
        Assert.Throws<ArgumentException>(() => Tracefs.GetTracepointId(category, name));

    [KernelFact]
    public void MountsTracefsWhereAsked()
    {
        // The same mount call Locate makes on a fresh machine, on a private directory, so the machine's own tracefs
        // mount (if any) is left alone.
        var directory = Directory.CreateTempSubdirectory("tracefs-test-").FullName;
        try
        {
            Tracefs.MountAt(directory);
            try
            {
                Assert.True(File.Exists(Path.Combine(directory, "events/sched/sched_process_exec/id")));
            }
            finally
            {
                Assert.Equal(0, Umount2(directory, MntDetach));
            }
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void MountFailureIsAClearError()
    {
        var error = Assert.Throws<BpfException>(() => Tracefs.MountAt("/nonexistent/tracing"));
        Assert.Contains("does not exist", error.Message);
    }

    /// <summary>umount2 flag MNT_DETACH (include/linux/fs.h).</summary>
    private const int MntDetach = 2;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    private static extern int Umount2(string target, int flags);
}
