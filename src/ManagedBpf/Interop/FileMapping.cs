using Microsoft.Win32.SafeHandles;

namespace ManagedBpf.Interop;

/// <summary>
/// A private read-only mapping of a whole file that is never unmapped: for files that cannot change while the
/// system runs (the kernel's vmlinux BTF), so a span handed out can never outlive its pages.
/// </summary>
internal static class FileMapping
{
    /// <summary>
    /// mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, 0). False when the file cannot be mapped: sysfs refuses
    /// mmap with ENODEV for attributes without an mmap operation, which /sys/kernel/btf/vmlinux is before 6.15.
    /// </summary>
    public static unsafe bool TryMapReadOnly(SafeFileHandle file, int length, out ReadOnlyMemory<byte> memory)
    {
        using var lease = HandleLease.Of(file);
        var address = Libc.Mmap(0, (nuint)length, Libc.PROT_READ, Libc.MAP_PRIVATE, lease.Raw, 0);
        if (address == Libc.MAP_FAILED)
        {
            memory = default;
            return false;
        }
        memory = new MappedMemory((byte*)address, length).Memory;
        return true;
    }
}
