using System.Runtime.InteropServices;
using ManagedBpf.Binaries;

namespace ManagedBpf.Links;

/// <summary>
/// The user-space file a uprobe or USDT probe names: a bare name is looked up as libbpf's resolve_full_path does
/// (a <c>.so</c> in LD_LIBRARY_PATH, /usr/lib64, /usr/lib and the Debian multiarch directory; anything else in PATH,
/// /usr/bin, /usr/sbin), then the file is read and its headers parsed.
/// </summary>
internal static class TargetBinary
{
    /// <summary>The path a uprobe is given: <paramref name="path"/> itself when it has a '/', else the first match found.</summary>
    /// <exception cref="BpfException">A bare name found nowhere.</exception>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.Contains('/'))
            return path;
        var library = path.EndsWith(".so", StringComparison.Ordinal) || path.Contains(".so.", StringComparison.Ordinal);
        var searched = library
            ? [Environment.GetEnvironmentVariable("LD_LIBRARY_PATH"), "/usr/lib64:/usr/lib", MultiarchDirectory]
            : new[] { Environment.GetEnvironmentVariable("PATH"), "/usr/bin:/usr/sbin" };
        foreach (var directory in searched.Where(s => s is not null).SelectMany(s => s!.Split(':', StringSplitOptions.RemoveEmptyEntries)))
        {
            var candidate = Path.Combine(directory, path);
            if (File.Exists(candidate) && (library || (OperatingSystem.IsLinux() && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0)))
                return candidate;
        }
        throw new BpfException($"'{path}' is not in {(library ? "LD_LIBRARY_PATH or the library directories" : "PATH")}: give its full path");
    }

    /// <summary>Reads and parses the ELF file at <paramref name="path"/>.</summary>
    /// <exception cref="BpfException">It cannot be read.</exception>
    /// <exception cref="BpfFormatException">It is no 64-bit little-endian ELF file.</exception>
    public static ElfBinary Read(string path)
    {
        try
        {
            return ElfBinary.Parse(File.ReadAllBytes(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BpfException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Debian's directory for this architecture's libraries (libbpf's arch_specific_lib_paths).</summary>
    private static string? MultiarchDirectory => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "/lib/x86_64-linux-gnu",
        Architecture.Arm64 => "/lib/aarch64-linux-gnu",
        Architecture.X86 => "/lib/i386-linux-gnu",
        Architecture.S390x => "/lib/s390x-linux-gnu",
        Architecture.Ppc64le => "/lib/powerpc64le-linux-gnu",
        Architecture.RiscV64 => "/lib/riscv64-linux-gnu",
        _ => null,
    };
}
