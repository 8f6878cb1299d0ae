using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>A shared mapping of a file descriptor that munmaps on release.</summary>
internal sealed class MmapRegion : SafeBuffer
{
    private nuint _length;

    private MmapRegion() : base(ownsHandle: true)
    {
    }

    /// <summary>Base address; valid while the region is alive.</summary>
    public nint Address => handle;

    /// <summary>mmap(NULL, length, PROT_READ [| PROT_WRITE], MAP_SHARED, fd, offset).</summary>
    public static MmapRegion Map(SafeFd fd, nuint length, bool writable, long offset, string objectName)
    {
        var protection = writable ? Libc.PROT_READ | Libc.PROT_WRITE : Libc.PROT_READ;
        using var lease = HandleLease.Of(fd);
        var address = Libc.Mmap(0, length, protection, Libc.MAP_SHARED, lease.Raw, offset);
        if (address == Libc.MAP_FAILED)
        {
            var errno = Libc.LastErrno;
            var hint = errno == Errno.EPERM && writable ? "the region is read-only for user space" : null;
            throw SyscallError.Create("mmap", errno, objectName, hint);
        }
        var region = new MmapRegion { _length = length };
        region.SetHandle(address);
        region.Initialize(length);
        return region;
    }

    protected override bool ReleaseHandle() => Libc.Munmap(handle, _length) == 0;
}
