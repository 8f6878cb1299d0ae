namespace ManagedBpf.Kernel;

/// <summary>
/// Addresses of kernel symbols from /proc/kallsyms ("ADDRESS TYPE NAME [MODULE]"), as libbpf's kallsyms_cb reads
/// them for typeless ksyms. A data symbol that clang's LTO renamed "NAME.llvm.NNN" still answers to NAME. A name
/// with two different addresses is ambiguous and an error, as in libbpf.
/// </summary>
internal static class Kallsyms
{
    private const string Path = "/proc/kallsyms";

    /// <summary>The address of each of <paramref name="names"/> found.</summary>
    /// <exception cref="BpfException">The file cannot be read, or a name is ambiguous.</exception>
    public static Dictionary<string, ulong> Find(IReadOnlySet<string> names, string path = Path)
    {
        var found = new Dictionary<string, ulong>(StringComparer.Ordinal);
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BpfException($"typeless ksyms need {path}: {e.Message}", e);
        }
        foreach (var line in lines)
        {
            if (line.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries) is not [var addressText, var type, var symbol, ..]
                || !ulong.TryParse(addressText, System.Globalization.NumberStyles.HexNumber, null, out var address))
                throw new BpfException($"{path}: cannot read the line '{line}'");
            var llvm = symbol.IndexOf(".llvm.", StringComparison.Ordinal);
            var name = type == "d" && llvm >= 0 ? symbol[..llvm] : symbol;
            if (!names.Contains(name))
                continue;
            if (found.TryGetValue(name, out var previous) && previous != address)
                throw new BpfException($"extern (ksym) '{name}': resolution is ambiguous: 0x{previous:x} or 0x{address:x}");
            found[name] = address;
        }
        return found;
    }
}
