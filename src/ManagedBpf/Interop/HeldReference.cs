using System.Runtime.InteropServices;

namespace ManagedBpf.Interop;

/// <summary>
/// A reference on a handle held across calls, where a <see cref="HandleLease"/> (a ref struct, one call long) cannot
/// reach: a reader that hands out spans into a mapping holds the mapping this way until the spans are given back, so a
/// concurrent Dispose defers the munmap instead of pulling the pages from under them. Release before disposing.
/// </summary>
internal sealed class HeldReference
{
    private SafeHandle? _handle;

    /// <summary>Takes a reference on <paramref name="handle"/> unless one is held already.</summary>
    /// <exception cref="ObjectDisposedException">The handle is closed.</exception>
    public void Hold(SafeHandle handle)
    {
        if (_handle is not null)
            return;
        var added = false;
        handle.DangerousAddRef(ref added);
        _handle = handle;
    }

    /// <summary>Gives the reference back (nothing if none is held).</summary>
    public void Release()
    {
        _handle?.DangerousRelease();
        _handle = null;
    }
}
