namespace ManagedBpf.Elf;

/// <summary>The ELF sections of a BPF object that the loader reads by name, as clang and libbpf's headers name them.</summary>
internal static class SectionNames
{
    /// <summary>The object's BTF.</summary>
    public const string Btf = ".BTF";

    /// <summary>func_info, line_info and CO-RE relocation records.</summary>
    public const string BtfExt = ".BTF.ext";

    /// <summary>Map definitions (libbpf's BTF-defined maps: all zeros, described by the .maps DATASEC).</summary>
    public const string Maps = ".maps";

    /// <summary>Subprograms that entry programs call (never loaded on their own).</summary>
    public const string Text = ".text";

    /// <summary>The program license string.</summary>
    public const string License = "license";

    /// <summary>Global data: read-only, initialised, zeroed; each also with dotted variants (.rodata.str1.1).</summary>
    public const string Rodata = ".rodata", Data = ".data", Bss = ".bss";

    /// <summary>The pseudo-sections of externs (<c>__kconfig</c>, <c>__ksym</c>): DATASECs in BTF, no ELF section.</summary>
    public const string Kconfig = ".kconfig", Ksyms = ".ksyms";

    /// <summary>struct_ops variables, registered by a map update or (<c>.link</c>) through a bpf link.</summary>
    public const string StructOps = ".struct_ops", StructOpsLink = ".struct_ops.link";
}
