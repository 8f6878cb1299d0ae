using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// A reference on a handle held for the length of a native call: while it is held, a concurrent Dispose cannot
/// close the fd, so the kernel never sees a number the process has meanwhile reused for another object.
/// <c>using var map = HandleLease.Of(mapFd);</c> then <c>map.Raw</c>.
/// </summary>
internal ref struct HandleLease
{
    private SafeHandle? _handle;

    private HandleLease(SafeHandle handle, int raw)
    {
        _handle = handle;
        Raw = raw;
    }

    /// <summary>The fd; 0 ("no fd" in the UAPI's attr fields) for a lease of no handle.</summary>
    public int Raw { get; }

    /// <summary>Takes a reference on <paramref name="handle"/> (nothing for null).</summary>
    /// <exception cref="ObjectDisposedException">The handle is already closed.</exception>
    public static HandleLease Of(SafeHandle? handle)
    {
        if (handle is null)
            return default;
        var added = false;
        handle.DangerousAddRef(ref added);
        return new HandleLease(handle, (int)handle.DangerousGetHandle());
    }

    /// <summary>Gives the reference back.</summary>
    public void Dispose()
    {
        _handle?.DangerousRelease();
        _handle = null;
    }
}
