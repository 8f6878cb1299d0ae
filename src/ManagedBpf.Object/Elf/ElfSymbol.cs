namespace ManagedBpf.Elf;

/// <summary>An Elf64_Sym: what relocations and program discovery need of it.</summary>
/// <param name="Index"></param>
/// <param name="Name"></param>
/// <param name="Value"></param>
/// <param name="Size"></param>
/// <param name="Type"></param>
/// <param name="Binding"></param>
/// <param name="SectionIndex">st_shndx; 0 (SHN_UNDEF) for externs, ≥ 0xff00 for special sections.</param>
/// <param name="IsHidden">STV_HIDDEN or STV_INTERNAL: libbpf then gives the symbol's BTF VAR static linkage.</param>
internal sealed record ElfSymbol(int Index, string Name, ulong Value, ulong Size, ElfSymbolType Type, ElfSymbolBinding Binding, int SectionIndex, bool IsHidden = false);

/// <summary>ELF64_ST_TYPE.</summary>
internal enum ElfSymbolType : byte
{
    None = 0,
    Object = 1,
    Function = 2,
    Section = 3,
    File = 4,
}

/// <summary>ELF64_ST_BIND.</summary>
internal enum ElfSymbolBinding : byte
{
    Local = 0,
    Global = 1,
    Weak = 2,
}
