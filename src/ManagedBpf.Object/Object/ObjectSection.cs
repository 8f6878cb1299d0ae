namespace ManagedBpf;

/// <summary>One ELF section of an object, as <c>readelf -S</c> would list it.</summary>
/// <param name="Index">The section header index.</param>
/// <param name="Name"></param>
/// <param name="Type">sh_type: ProgBits, NoBits (.bss), Relocations, SymbolTable, StringTable ...</param>
/// <param name="Size">sh_size in bytes.</param>
/// <param name="Executable">SHF_EXECINSTR: BPF code.</param>
public readonly record struct ObjectSection(int Index, string Name, string Type, ulong Size, bool Executable);
