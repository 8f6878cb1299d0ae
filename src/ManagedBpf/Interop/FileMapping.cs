using System.Buffers;
using Microsoft.Win32.SafeHandles;

namespace ManagedBpf.Interop;

/// <summary>
/// Private read-only mappings of whole files: one never unmapped, for files that cannot change while the system
/// runs (the kernel's vmlinux BTF), so a span handed out can never outlive its pages; and one unmapped when
/// disposed, for a file read once by code that keeps nothing of it (an object file being parsed).
/// </summary>
internal static class FileMapping
{
    /// <summary>
    /// mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, 0), never unmapped. False when the file cannot be mapped: sysfs
    /// refuses mmap with ENODEV for attributes without an mmap operation, which /sys/kernel/btf/vmlinux is before 6.15.
    /// </summary>
    public static unsafe bool TryMapReadOnly(SafeFileHandle file, int length, out ReadOnlyMemory<byte> memory)
    {
        var address = Map(file, length);
        if (address == Libc.MAP_FAILED)
        {
            memory = default;
            return false;
        }
        memory = new PermanentMapping((byte*)address, length).Memory;
        return true;
    }

    /// <summary>
    /// mmap(NULL, length, PROT_READ, MAP_PRIVATE, fd, 0), unmapped when the result is disposed; no span of it may be
    /// used after that. Null when the file cannot be mapped (empty, or not a regular file).
    /// </summary>
    public static unsafe ScopedMapping? TryMapReadOnly(SafeFileHandle file, int length)
    {
        var address = length > 0 ? Map(file, length) : Libc.MAP_FAILED;
        return address == Libc.MAP_FAILED ? null : new ScopedMapping((byte*)address, length);
    }

    private static nint Map(SafeFileHandle file, int length)
    {
        using var lease = HandleLease.Of(file);
        return Libc.Mmap(0, (nuint)length, Libc.PROT_READ, Libc.MAP_PRIVATE, lease.Raw, 0);
    }

    /// <summary>Exposes a never-unmapped mapping as <see cref="Memory{T}"/>; pinning is free, the pages never move.</summary>
    private sealed unsafe class PermanentMapping(byte* pointer, int length) : MemoryManager<byte>
    {
        public override Span<byte> GetSpan() => new(pointer, length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>A mapping whose <see cref="MemoryManager{T}.Memory"/> is valid until <see cref="IDisposable.Dispose"/> unmaps it.</summary>
    internal sealed unsafe class ScopedMapping(byte* pointer, int length) : MemoryManager<byte>
    {
        private byte* _pointer = pointer;

        public override Span<byte> GetSpan() =>
            _pointer is not null ? new(_pointer, length) : throw new ObjectDisposedException(nameof(ScopedMapping));

        public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (_pointer is null)
                return;
            Libc.Munmap((nint)_pointer, (nuint)length);
            _pointer = null;
        }
    }
}
