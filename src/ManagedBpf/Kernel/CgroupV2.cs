using ManagedBpf.Interop;

namespace ManagedBpf.Kernel;

/// <summary>
/// The cgroup v2 hierarchy as BPF programs see it: bpf_get_current_cgroup_id() returns a cgroup's id, which is the
/// id of its kernfs node, and on 64-bit kernels (5.5+) that is also the inode number of its directory in any cgroup2
/// mount (fs/kernfs kernfs_ino). So a directory's inode number names its cgroup to a program.
/// </summary>
public static class CgroupV2
{
    private const string MountInfoPath = "/proc/self/mountinfo";

    /// <summary>Where the cgroup2 hierarchy is mounted (<c>/sys/fs/cgroup</c>, or <c>/sys/fs/cgroup/unified</c> on a
    /// hybrid systemd layout), or null if it is not.</summary>
    public static string? MountPoint() =>
        MountInfo.Parse(File.ReadAllText(MountInfoPath)).LastOrDefault(m => m.FileSystemType == "cgroup2").MountPoint;

    /// <summary>The id of the cgroup whose directory is <paramref name="directory"/> (statx's stx_ino).</summary>
    /// <exception cref="BpfSyscallException">ENOENT and the like, naming the path.</exception>
    public static ulong IdOf(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        return FileStatus.Inode(directory);
    }
}
