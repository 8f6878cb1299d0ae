using System.Text;

namespace ManagedBpf.Interop;

/// <summary>
/// The BPF filesystem: pinning an object at a path (BPF_OBJ_PIN), opening a pinned object (BPF_OBJ_GET), removing
/// a pin (unlink), and recognising a bpffs directory (statfs). A pin keeps its object alive with no process holding
/// an fd, until the pin is unlinked.
/// </summary>
internal static unsafe class BpfFs
{
    /// <summary>BPF_FS_MAGIC (include/uapi/linux/magic.h): statfs f_type of a bpffs mount.</summary>
    public const long Magic = 0xcafe4a11;

    /// <summary>True when <paramref name="directory"/> is on a bpffs mount; false when it is elsewhere or absent.</summary>
    public static bool IsBpfFs(string directory)
    {
        Libc.StatfsBuffer buffer;
        return Libc.Statfs(directory, &buffer) == 0 && buffer.FileSystemType == Magic;
    }

    /// <summary>mount -t bpf bpf <paramref name="directory"/>.</summary>
    public static void Mount(string directory)
    {
        var errno = Mounts.TryMount("bpf", directory, "bpf");
        if (errno != 0)
        {
            throw SyscallError.Create($"mount -t bpf bpf {directory}", errno, null,
                errno == Errno.EPERM ? "mounting bpffs needs CAP_SYS_ADMIN" : null);
        }
    }

    /// <summary>BPF_OBJ_PIN of <paramref name="fd"/> at <paramref name="path"/>; returns 0 or the errno.</summary>
    public static Errno TryPin(SafeFd fd, string path)
    {
        var bytes = NulTerminated(path);
        using var lease = HandleLease.Of(fd);
        fixed (byte* pathname = bytes)
        {
            var attr = new ObjPinAttr { Pathname = (ulong)pathname, BpfFd = (uint)lease.Raw };
            return BpfSyscall.TryInvoke(BpfCommand.ObjPin, ref attr, out var errno) < 0 ? errno : 0;
        }
    }

    /// <summary>BPF_OBJ_GET of <paramref name="path"/>: the pinned object, or null with <paramref name="errno"/> set.</summary>
    public static SafeFd? TryGet(string path, string? objectName, out Errno errno)
    {
        fixed (byte* pathname = NulTerminated(path))
        {
            var attr = new ObjPinAttr { Pathname = (ulong)pathname };
            var result = BpfSyscall.TryInvoke(BpfCommand.ObjGet, ref attr, out errno);
            return result < 0 ? null : SafeFd.FromRaw((int)result, "BPF_OBJ_GET", objectName);
        }
    }

    /// <summary>unlink(2) of a pin; the object lives on while fds or programs hold it.</summary>
    public static void Unlink(string path, string? objectName)
    {
        if (Libc.Unlink(path) != 0)
            throw SyscallError.Create($"unlink {path}", Libc.LastErrno, objectName);
    }

    private static byte[] NulTerminated(string path)
    {
        if (path.Contains('\0'))
            throw new ArgumentException("a path cannot contain NUL", nameof(path));
        return Encoding.UTF8.GetBytes(path + "\0");
    }
}
