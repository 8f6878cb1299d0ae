using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

public class CgroupV2Tests
{
    /// <summary>The root cgroup's id is 1 (its kernfs node is the first of the hierarchy), and a new cgroup's id is the
    /// one the kernel reports for processes in it (/proc/PID/cgroup names the path; the id is the directory's inode).</summary>
    [KernelFact]
    public void AnIdIsTheDirectorysInode()
    {
        var mount = CgroupV2.MountPoint();
        Assert.NotNull(mount);
        Assert.Equal(1UL, CgroupV2.IdOf(mount!));
        var directory = Path.Combine(mount!, $"mbpf-id-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            var id = CgroupV2.IdOf(directory);
            Assert.NotEqual(1UL, id);
            Assert.Equal(id, CgroupV2.IdOf(directory + "/"));
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public void AMissingDirectoryIsENOENT()
    {
        var e = Assert.Throws<BpfSyscallException>(() => CgroupV2.IdOf("/nonexistent/mbpf-cgroup"));
        Assert.Equal(Errno.ENOENT, e.Errno);
    }
}
