using ManagedBpf.Programs;

namespace ManagedBpf.Binaries;

/// <summary>
/// Function names to the file offsets a uprobe takes, as libbpf resolves them (src/elf.c): elf_find_func_offset for
/// one name, elf_resolve_pattern_offsets for a uprobe.multi pattern. Executables and shared libraries, PIE or not:
/// the offset comes from the symbol's section header, so the load address never matters.
/// </summary>
public static class FunctionOffsets
{
    /// <summary>
    /// The file offset of function <paramref name="name"/> in <paramref name="binary"/>. The name may carry a version,
    /// <c>malloc@GLIBC_2.2.5</c> or <c>malloc@@GLIBC_2.2.5</c>, matched against .gnu.version_d for dynamic symbols and
    /// against the symbol's own name in .symtab. .dynsym is searched first, then .symtab (a stripped file has only the
    /// first, a static one only the second). Several matches at one offset are one; a global and a weak at different
    /// offsets resolve to the global; two globals are ambiguous.
    /// </summary>
    /// <exception cref="BpfException">No such function, an ambiguous name, or a symbol at address 0.</exception>
    public static ulong Find(ElfBinary binary, string name)
    {
        ArgumentNullException.ThrowIfNull(binary);
        var at = name.IndexOf('@');
        var bare = at < 0 ? name : name[..at];
        var version = at < 0 ? null : name[(name.IndexOf('@', at + 1) == at + 1 ? at + 2 : at + 1)..];
        foreach (var table in (uint[])[ElfBinary.DynamicSymbols, ElfBinary.SymbolTable])
        {
            ElfFunctionSymbol? found = null;
            foreach (var symbol in binary.Functions(table))
            {
                if (!Matches(symbol, table, name, bare, version))
                    continue;
                if (found is not null && found.FileOffset != symbol.FileOffset)
                {
                    if (!found.IsWeak && !symbol.IsWeak)
                        throw new BpfException($"{binary.Name}: '{name}' is ambiguous: '{found.Name}' at 0x{found.FileOffset:x} and '{symbol.Name}' at 0x{symbol.FileOffset:x}");
                    if (symbol.IsWeak)
                        continue;
                }
                found = symbol;
            }
            if (found is null)
                continue;
            return found.Value != 0 ? found.FileOffset
                : throw new BpfException($"{binary.Name}: '{name}' has address 0 in its symbol table" +
                    (binary.Type == ElfBinary.TypeShared ? "" : "; attach to the shared library that defines it instead"));
        }
        throw new BpfException($"{binary.Name}: no function '{name}' in .dynsym or .symtab");
    }

    /// <summary>
    /// Every named function of .symtab and .dynsym with its file offset, ordered by offset (one entry per name and
    /// offset): what a symbolizer needs to name the function a return address in this file falls in.
    /// </summary>
    public static IReadOnlyList<(string Name, ulong FileOffset)> All(ElfBinary binary)
    {
        ArgumentNullException.ThrowIfNull(binary);
        return [.. binary.Functions(ElfBinary.SymbolTable).Concat(binary.Functions(ElfBinary.DynamicSymbols))
            .Where(s => s.Value != 0 && s.Name.Length > 0)
            .Select(s => (s.Name, s.FileOffset))
            .Distinct()
            .OrderBy(s => s.FileOffset)];
    }

    /// <summary>
    /// The file offsets of every function whose name matches <paramref name="pattern"/> (<see cref="Glob"/>), from
    /// .symtab, or from .dynsym when .symtab has none (one table only, so no function counts twice).
    /// </summary>
    /// <exception cref="BpfException">Nothing matches.</exception>
    public static IReadOnlyList<ulong> Matching(ElfBinary binary, string pattern)
    {
        ArgumentNullException.ThrowIfNull(binary);
        foreach (var table in (uint[])[ElfBinary.SymbolTable, ElfBinary.DynamicSymbols])
        {
            var offsets = binary.Functions(table).Where(s => Glob.Match(s.Name, pattern)).Select(s => s.FileOffset).ToList();
            if (offsets.Count > 0)
                return offsets;
        }
        throw new BpfException($"{binary.Name}: no function matches '{pattern}'");
    }

    /// <summary>
    /// libbpf's symbol_match: the name part must equal <paramref name="bare"/>, followed by nothing or by '@' (so
    /// "foo" does not find "foo2"); a requested version must be the dynamic symbol's own, or the whole .symtab name.
    /// </summary>
    private static bool Matches(ElfFunctionSymbol symbol, uint table, string name, string bare, string? version)
    {
        if (!symbol.Name.StartsWith(bare, StringComparison.Ordinal) || (symbol.Name.Length > bare.Length && symbol.Name[bare.Length] != '@'))
            return false;
        if (version is null)
            return true;
        return table == ElfBinary.DynamicSymbols ? symbol.Version == version : symbol.Name == name;
    }
}
