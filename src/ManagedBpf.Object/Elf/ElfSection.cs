namespace ManagedBpf.Elf;

/// <summary>One section header of the object, with its contents as a slice of the original bytes (no copy).</summary>
/// <param name="Index">The section header index (st_shndx of symbols that point here).</param>
/// <param name="Name"></param>
/// <param name="Type"></param>
/// <param name="Flags"></param>
/// <param name="Link">sh_link: for a relocation table, the symbol table it uses.</param>
/// <param name="Info">sh_info: for a relocation table, the section it patches.</param>
/// <param name="Contents"></param>
internal sealed record ElfSection(int Index, string Name, ElfSectionType Type, ulong Flags, uint Link, uint Info, ReadOnlyMemory<byte> Contents)
{
    /// <summary>sh_size: for SHT_NOBITS (.bss) this is larger than <see cref="Contents"/>, which is empty.</summary>
    public ulong Size { get; init; }

    /// <summary>SHF_EXECINSTR: clang puts BPF code only in executable sections.</summary>
    public bool IsExecutable => (Flags & 0x4) != 0;

    /// <summary>SHF_ALLOC: data sections that become global-data maps are allocatable.</summary>
    public bool IsAllocated => (Flags & 0x2) != 0;
}

/// <summary>sh_type values the loader distinguishes.</summary>
internal enum ElfSectionType : uint
{
    Null = 0,
    ProgBits = 1,
    SymbolTable = 2,
    StringTable = 3,
    RelocationsWithAddend = 4,
    NoBits = 8,
    Relocations = 9,
}
