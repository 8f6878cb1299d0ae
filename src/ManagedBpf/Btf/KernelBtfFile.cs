using System.Buffers;
using System.Collections.Concurrent;
using ManagedBpf.Interop;
using Microsoft.Win32.SafeHandles;

namespace ManagedBpf.Btf;

/// <summary>
/// The one piece of OS access in the BTF code: getting the kernel's BTF bytes. Since Linux 6.15
/// (btf_sysfs_vmlinux_mmap) /sys/kernel/btf/vmlinux can be mapped, read-only and MAP_PRIVATE only (a shared or
/// writable mapping is refused with EACCES); the pages are the kernel's own copy, so nothing is read or
/// allocated. Module BTF files and older kernels fall back to a single read.
/// </summary>
internal static class KernelBtfFile
{
    // vmlinux BTF cannot change while the system runs, so a mapping is made once per path and kept for the
    // life of the process; unmapping it could free memory a span somewhere still reads.
    private static readonly ConcurrentDictionary<string, ReadOnlyMemory<byte>> Mappings = new(StringComparer.Ordinal);

    /// <summary>Only the kernel's own BTF is immutable; any other file (a test fixture, a saved copy) is read.</summary>
    private const string SysfsBtf = "/sys/kernel/btf/";

    /// <summary>The file's bytes: a cached read-only mapping when the kernel allows it, else the file read once.</summary>
    public static ReadOnlyMemory<byte> Map(string path)
    {
        if (Mappings.TryGetValue(path, out var mapped))
            return mapped;

        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        var length = RandomAccess.GetLength(handle);
        if (path.StartsWith(SysfsBtf, StringComparison.Ordinal) && length > 0 && length < int.MaxValue
            && TryMap(handle, (int)length) is { } memory)
        {
            return Mappings.GetOrAdd(path, memory);
        }

        return Read(handle, length);
    }

    private static unsafe ReadOnlyMemory<byte>? TryMap(SafeFileHandle handle, int length)
    {
        var address = Libc.Mmap(0, (nuint)length, Libc.PROT_READ, Libc.MAP_PRIVATE, (int)handle.DangerousGetHandle(), 0);
        // The cast matters: a bare null would convert to an empty Memory (implicit from byte[]), taking a failed
        // mmap (ENODEV on sysfs before 6.15) as an empty BTF.
        return address == -1 ? (ReadOnlyMemory<byte>?)null : new MappedMemory((byte*)address, length).Memory;
    }

    /// <summary>The file read once into an array (module BTF: it can be unloaded and reloaded, so never cached).</summary>
    public static byte[] Read(string path)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        return Read(handle, RandomAccess.GetLength(handle));
    }

    private static byte[] Read(SafeFileHandle handle, long length)
    {
        // sysfs reports the real size of BTF attributes; still read until EOF in case it does not.
        var buffer = new byte[length > 0 && length < Array.MaxLength ? length : 1 << 20];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
            var n = RandomAccess.Read(handle, buffer.AsSpan(total), total);
            if (n == 0)
                break;
            total += n;
        }

        return total == buffer.Length ? buffer : buffer[..total];
    }

    /// <summary>Exposes a never-unmapped read-only mapping as <see cref="Memory{T}"/>.</summary>
    private sealed unsafe class MappedMemory(byte* pointer, int length) : MemoryManager<byte>
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
}
