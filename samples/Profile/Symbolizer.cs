using System.Globalization;
using ManagedBpf.Binaries;

namespace Samples.Profile;

/// <summary>A function's name and the run-time address it starts at.</summary>
internal sealed record Symbol(string Name, ulong Address);

/// <summary>
/// Names the function each stack address falls in, as profile.c asks blazesym to: kernel addresses through
/// /proc/kallsyms, user addresses through the process's mappings (/proc/PID/maps) and the mapped file's ELF function
/// symbols (.symtab and .dynsym). The nearest symbol at or below the address is taken (ELF sizes are not read), so an
/// address in a stripped file's unexported code names the exported function before it.
/// </summary>
internal sealed class Symbolizer
{
    private readonly Lazy<(ulong[] Addresses, string[] Names)> _kernel = new(ReadKallsyms);
    private readonly Dictionary<string, (ulong[] Offsets, string[] Names)?> _files = new(StringComparer.Ordinal);

    /// <summary>The kernel function at <paramref name="address"/>.</summary>
    public Symbol? Kernel(ulong address)
    {
        var (addresses, names) = _kernel.Value;
        var at = Below(addresses, address);
        return at < 0 ? null : new Symbol(names[at], addresses[at]);
    }

    /// <summary>What names the addresses of process <paramref name="pid"/>: its mappings read once, now (none when it is gone).</summary>
    public Func<ulong, Symbol?> User(int pid)
    {
        var mappings = Mapping.Of(pid);
        return address => User(mappings, address);
    }

    private Symbol? User(IReadOnlyList<Mapping> mappings, ulong address)
    {
        if (mappings.FirstOrDefault(m => address >= m.Start && address < m.End) is not { } mapping || Functions(mapping.Path) is not var (offsets, names))
            return null;
        var offset = address - mapping.Start + mapping.FileOffset;
        var at = Below(offsets, offset);
        return at < 0 ? null : new Symbol(names[at], address - (offset - offsets[at]));
    }

    private (ulong[], string[])? Functions(string path)
    {
        if (!_files.TryGetValue(path, out var functions))
        {
            try
            {
                var all = FunctionOffsets.All(ElfBinary.Parse(File.ReadAllBytes(path), path));
                functions = ([.. all.Select(f => f.FileOffset)], [.. all.Select(f => f.Name)]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ManagedBpf.BpfException)
            {
                functions = null;
            }
            _files[path] = functions;
        }
        return functions;
    }

    // The index of the last element at or below value in a sorted array, or -1.
    private static int Below(ulong[] sorted, ulong value)
    {
        var at = Array.BinarySearch(sorted, value);
        return at >= 0 ? at : ~at - 1;
    }

    // Text symbols (t, T, and w/W weak ones) of the kernel and its modules, by address. Other readers than root see
    // zero addresses (kptr_restrict): nothing is then named.
    private static (ulong[], string[]) ReadKallsyms()
    {
        var symbols = File.ReadLines("/proc/kallsyms")
            .Select(l => l.Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 3 && f[1] is "t" or "T" or "w" or "W")
            .Select(f => (Address: ulong.Parse(f[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture), Name: f[2]))
            .Where(s => s.Address != 0)
            .OrderBy(s => s.Address)
            .ToList();
        return ([.. symbols.Select(s => s.Address)], [.. symbols.Select(s => s.Name)]);
    }
}
