using ManagedBpf.Interop;

namespace ManagedBpf.Maps;

/// <summary>
/// Pins on the BPF filesystem. A pin keeps the map alive without any fd or program, so it outlives this object and
/// the process: disposing a <see cref="BpfMap"/> never removes its pin (as in libbpf); <see cref="Unpin"/> does.
/// </summary>
public sealed partial class BpfMap
{
    /// <summary>The bpffs mount under <c>/sys/fs/bpf</c>, libbpf's default pin root (mounted by the loader if absent).</summary>
    public const string DefaultPinRoot = "/sys/fs/bpf";

    private volatile string? _pinPath;

    /// <summary>Where this map is pinned (by <see cref="Pin"/>, by <see cref="MapPinning.ByName"/> at load, or because it
    /// was opened from there); null if it is not.</summary>
    public string? PinPath => _pinPath;

    /// <summary>
    /// Opens a map pinned at <paramref name="path"/> (BPF_OBJ_GET); its type and sizes come from the kernel. The
    /// returned map remembers the path, so <see cref="Unpin"/> removes that pin.
    /// </summary>
    /// <exception cref="BpfSyscallException">Nothing is pinned there (ENOENT), or it is not a map (EINVAL).</exception>
    public static BpfMap OpenPinned(string path) =>
        TryOpenPinned(path, null, out var errno) ?? throw SyscallError.Create("BPF_OBJ_GET", errno, path);

    /// <summary>Pins the map at <paramref name="path"/>, creating the parent directory (mode 0700) if needed. Pinning
    /// again at the same path does nothing.</summary>
    /// <exception cref="BpfException">The directory is not on a bpf filesystem, or the map is pinned elsewhere.</exception>
    /// <exception cref="BpfSyscallException">BPF_OBJ_PIN failed (EEXIST: something is pinned there already).</exception>
    public void Pin(string path)
    {
        var errno = TryPin(path);
        if (errno != 0)
            throw SyscallError.Create("BPF_OBJ_PIN", errno, Name, errno == Errno.EEXIST ? $"{path} exists already" : null);
    }

    /// <summary>Removes the pin at <see cref="PinPath"/>. The map itself stays while this object (or a program) holds
    /// it.</summary>
    /// <exception cref="InvalidOperationException">The map is not pinned.</exception>
    /// <exception cref="BpfSyscallException">unlink failed (ENOENT: someone removed the pin already).</exception>
    public void Unpin()
    {
        var path = _pinPath ?? throw new InvalidOperationException($"map '{Name}' is not pinned");
        BpfFs.Unlink(path, Name);
        _pinPath = null;
    }

    /// <summary>BPF_OBJ_GET; null with <paramref name="errno"/> set if the call fails.</summary>
    internal static BpfMap? TryOpenPinned(string path, string? name, out Errno errno)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fd = BpfFs.TryGet(path, name, out errno);
        if (fd is null)
            return null;
        var map = Adopt(fd, name ?? path, name);
        map._pinPath = path;
        return map;
    }


    /// <summary>Pins at <paramref name="path"/> as libbpf's bpf_map__pin does (parent directory made, bpffs checked);
    /// returns 0 or the errno of BPF_OBJ_PIN, which the loader needs to tell a lost race (EEXIST) from a failure.</summary>
    internal Errno TryPin(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ObjectDisposedException.ThrowIf(_fd.IsClosed, this);
        if (_pinPath is { } pinned)
            return pinned == path ? default : throw new InvalidOperationException($"map '{Name}' is pinned at {pinned} already, not at {path}");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "/";
        try
        {
            // libbpf's make_parent_dir uses mode 0700: pins below are reachable by the owner only.
            if (!OperatingSystem.IsWindows())
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BpfException($"cannot pin map '{Name}' at {path}: cannot create {directory}: {e.Message}", e);
        }
        // BPF_OBJ_PIN outside bpffs fails with a bare EPERM; name the actual problem instead.
        if (!BpfFs.IsBpfFs(directory))
            throw new BpfException($"cannot pin map '{Name}' at {path}: {directory} is not on a bpf filesystem (mount -t bpf bpf /sys/fs/bpf, or choose a directory under it)");
        var errno = BpfFs.TryPin(_fd, path);
        if (errno == 0)
            _pinPath = path;
        return errno;
    }
}
