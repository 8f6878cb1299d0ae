using System.Collections.Concurrent;
using ManagedBpf.Btf;
using ManagedBpf.Interop;
using Microsoft.Win32.SafeHandles;

namespace ManagedBpf.Kernel;

/// <summary>
/// The running kernel's BTF: vmlinux at <see cref="VmlinuxPath"/> (CONFIG_DEBUG_INFO_BTF) and each loaded
/// module's split BTF beside it. Since Linux 6.15 (btf_sysfs_vmlinux_mmap) the vmlinux file can be mapped,
/// read-only and MAP_PRIVATE only, and the pages are the kernel's own copy: nothing is read or allocated. Older
/// kernels refuse the mapping, and the file is read once instead.
/// </summary>
public static class KernelBtf
{
    /// <summary>Where the running kernel exposes its own BTF.</summary>
    public const string VmlinuxPath = "/sys/kernel/btf/vmlinux";

    /// <summary>Where module BTF files live, one per loaded module that has BTF.</summary>
    public const string Directory = "/sys/kernel/btf";

    // vmlinux BTF cannot change while the system runs, so the kernel's own is parsed once and kept for the life of
    // the process (a BtfSpec is immutable): its mapping is never unmapped (a span somewhere may still read it), and
    // every load and `mbpf` command after the first skips the 3 ms parse (BENCHMARKS.md, ParseKernelBtf).
    private static readonly ConcurrentDictionary<string, BtfSpec> Vmlinux = new(StringComparer.Ordinal);

    /// <summary>
    /// The kernel's vmlinux BTF (parsed once per process), or a file in its format (a saved copy for a kernel that
    /// hides its own; parsed on every call, since a file can change).
    /// </summary>
    /// <exception cref="BpfException">The file is missing or unreadable, or it is not BTF; the message names it.</exception>
    public static BtfSpec LoadVmlinux(string path = VmlinuxPath) =>
        IsKernels(path)
            ? Vmlinux.TryGetValue(path, out var parsed) ? parsed : Vmlinux.GetOrAdd(path, Parse(path, Bytes(path), baseSpec: null))
            : Parse(path, Bytes(path), baseSpec: null);

    /// <summary>
    /// A module's split BTF (<c>/sys/kernel/btf/MODULE</c>) over <paramref name="vmlinux"/>. Module files are read,
    /// never cached: a module can be unloaded and loaded again with other types.
    /// </summary>
    public static BtfSpec LoadModule(string module, BtfSpec vmlinux, string directory = Directory)
    {
        var path = Path.Combine(directory, module);
        return Parse(path, Read(path), vmlinux);
    }

    /// <summary>
    /// Every module BTF in <paramref name="directory"/> (all files but <c>vmlinux</c>), in name order. libbpf reads
    /// these only when a CO-RE candidate is missing from vmlinux; pass this method to
    /// <see cref="CoRe.CoreRelocator(BtfSpec, BtfSpec, Func{IReadOnlyList{BtfSpec}})"/> to do the same.
    /// </summary>
    public static IReadOnlyList<BtfSpec> LoadModules(BtfSpec vmlinux, string directory = Directory)
    {
        var modules = new List<BtfSpec>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(path) != "vmlinux")
                modules.Add(Parse(path, Read(path), vmlinux));
        }
        return modules;
    }

    /// <summary>The bytes of a vmlinux BTF file: mapped where the kernel allows it (sysfs only), else read.</summary>
    internal static ReadOnlyMemory<byte> Bytes(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            var length = RandomAccess.GetLength(handle);
            return IsKernels(path) && length is > 0 and < int.MaxValue && FileMapping.TryMapReadOnly(handle, (int)length, out var mapped)
                ? mapped
                : Read(handle, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    /// <summary>A whole file in one array (module BTF, or a kernel that cannot map vmlinux).</summary>
    internal static byte[] Read(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read);
            return Read(handle, RandomAccess.GetLength(handle));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    private static byte[] Read(SafeFileHandle handle, long length)
    {
        // sysfs reports the real size of BTF attributes but hands them out a page per read; read until EOF in
        // case a size is ever wrong.
        var buffer = new byte[length is > 0 and < int.MaxValue ? length : 1 << 20];
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

    private static bool IsKernels(string path) => path.StartsWith(Directory + "/", StringComparison.Ordinal);

    private static BtfSpec Parse(string path, ReadOnlyMemory<byte> bytes, BtfSpec? baseSpec)
    {
        try
        {
            return BtfSpec.Parse(bytes, baseSpec);
        }
        catch (BpfFormatException e)
        {
            throw new BpfException($"the kernel BTF {path} is not valid BTF: {e.Message}", e);
        }
    }

    private static BpfException Unreadable(string path, Exception e) =>
        new($"cannot read the kernel BTF {path}: {e.Message} (the kernel needs CONFIG_DEBUG_INFO_BTF=y, or give a BTF file for this kernel)", e);
}
