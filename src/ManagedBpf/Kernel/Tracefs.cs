using System.Globalization;
using ManagedBpf.Interop;

namespace ManagedBpf.Kernel;

/// <summary>
/// Finds (and if needed mounts) tracefs, and reads tracepoint ids from it. On a fresh machine tracefs is often not
/// mounted at all; mounting it needs CAP_SYS_ADMIN.
/// </summary>
public static class Tracefs
{
    /// <summary>Where the kernel creates the tracefs mount point (since 4.1).</summary>
    public const string DefaultMountPoint = "/sys/kernel/tracing";

    private const string MountInfoPath = "/proc/self/mountinfo";
    private static readonly object MountLock = new();

    /// <summary>
    /// The tracefs directory from /proc/self/mountinfo. If tracefs is absent and <paramref name="mountIfAbsent"/>,
    /// mounts it at <see cref="DefaultMountPoint"/>; otherwise, or if mounting fails, throws a
    /// <see cref="BpfException"/> saying what to do.
    /// </summary>
    public static string Locate(bool mountIfAbsent = true)
    {
        if (Usable(MountInfo.FindTracefs(File.ReadAllText(MountInfoPath))) is { } found)
            return found;
        if (!mountIfAbsent)
            throw new BpfException($"tracefs is not mounted; mount it with 'mount -t tracefs nodev {DefaultMountPoint}'");
        lock (MountLock)
        {
            // Another thread may have mounted it while this one waited.
            if (Usable(MountInfo.FindTracefs(File.ReadAllText(MountInfoPath))) is { } raced)
                return raced;
            MountAt(DefaultMountPoint);
            return Usable(MountInfo.FindTracefs(File.ReadAllText(MountInfoPath)))
                   ?? throw new BpfException($"tracefs was mounted at {DefaultMountPoint} but has no events directory");
        }
    }

    /// <summary>The id in <c>&lt;tracefs&gt;/events/&lt;category&gt;/&lt;name&gt;/id</c>, the perf_event_attr config of
    /// a PERF_TYPE_TRACEPOINT event.</summary>
    public static int GetTracepointId(string category, string name)
    {
        CheckComponent(category, nameof(category));
        CheckComponent(name, nameof(name));
        var path = Path.Combine(Locate(), "events", category, name, "id");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new BpfException($"tracepoint {category}/{name} does not exist ({path} not found)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BpfException($"cannot read {path}: tracefs needs root (or the tracing group)", e);
        }
        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new BpfException($"{path} holds '{text.Trim()}', not a tracepoint id");
    }

    private static string? Usable(string? directory) =>
        directory is not null && Directory.Exists(Path.Combine(directory, "events")) ? directory : null;

    /// <summary>mount("nodev", mountPoint, "tracefs", 0, NULL); throws a <see cref="BpfException"/> on failure.</summary>
    internal static void MountAt(string mountPoint)
    {
        if (!Directory.Exists(mountPoint))
            throw new BpfException($"tracefs is not mounted and {mountPoint} does not exist (is sysfs mounted?)");
        var errno = Mounts.TryMount("nodev", mountPoint, "tracefs");
        if (errno == 0)
            return;
        var hint = errno switch
        {
            Errno.EPERM => "mounting tracefs needs CAP_SYS_ADMIN in the initial mount namespace's user namespace",
            Errno.ENODEV => "this kernel has no tracefs (CONFIG_TRACING is off)",
            _ => null,
        };
        throw new BpfException($"tracefs is not mounted and mounting it at {mountPoint} failed: {ErrnoText.Name(errno)}",
            SyscallError.Create("mount(tracefs)", errno, mountPoint, hint));
    }

    private static void CheckComponent(string value, string parameter)
    {
        if (string.IsNullOrEmpty(value) || value.Contains('/') || value == "." || value == "..")
            throw new ArgumentException($"'{value}' is not a tracepoint {parameter}", parameter);
    }
}
