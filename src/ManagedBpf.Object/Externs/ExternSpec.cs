namespace ManagedBpf.Externs;

/// <summary>Where an extern's value comes from: the section clang put its declaration in.</summary>
public enum ExternKind
{
    /// <summary><c>__kconfig</c>: a kernel config option or one of libbpf's virtual <c>LINUX_*</c> values, read
    /// by the program from the object's read-only <c>.kconfig</c> map.</summary>
    Kconfig,

    /// <summary><c>__ksym</c>: a kernel symbol: a variable (typed by BTF, or typeless by address) or a kernel
    /// function (kfunc).</summary>
    Ksym,
}

/// <summary>The C type of a <c>__kconfig</c> extern, which decides which config values it accepts (libbpf kcfg_type).</summary>
public enum KconfigType
{
    /// <summary><c>bool</c>: y or n, or 0 and 1.</summary>
    Bool,

    /// <summary>A one-byte integer: y/n/m as their characters, or a number.</summary>
    Char,

    /// <summary>An integer of 2, 4 or 8 bytes (or 1 and signed): a number that must fit.</summary>
    Int,

    /// <summary><c>enum libbpf_tristate</c>: y, n or m as TRI_YES (1), TRI_NO (0), TRI_MODULE (2).</summary>
    Tristate,

    /// <summary>A char array: a quoted string, truncated to fit with its NUL.</summary>
    CharArray,
}

/// <summary>
/// An undefined symbol of the object that the loader must supply (libbpf's extern_desc): found among the ELF
/// symbols (undefined, global or weak, no type) and typed by the VAR or FUNC of the same name in the object's BTF.
/// A weak extern the kernel cannot supply reads as zero; a strong one fails the load.
/// </summary>
public sealed record ExternSpec
{
    /// <summary>The extern's C name (<c>CONFIG_HZ</c>, <c>bpf_task_acquire</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What the loader supplies: a kconfig value (<c>__kconfig</c>) or a kernel symbol (<c>__ksym</c>).</summary>
    public required ExternKind Kind { get; init; }

    /// <summary>Declared <c>__weak</c>: may stay unresolved.</summary>
    public required bool IsWeak { get; init; }

    /// <summary>The VAR or FUNC describing the extern in the object's BTF.</summary>
    public required int BtfId { get; init; }

    /// <summary>Index of the ELF symbol, which relocations name.</summary>
    internal int SymbolIndex { get; init; }

    /// <summary>Kconfig: the value's type.</summary>
    public KconfigType KconfigType { get; init; }

    /// <summary>Kconfig: size of the value in bytes.</summary>
    public int Size { get; init; }

    /// <summary>Kconfig: alignment of the value, which orders the <c>.kconfig</c> map.</summary>
    public int Alignment { get; init; }

    /// <summary>Kconfig: a signed integer (range checks differ).</summary>
    public bool IsSigned { get; init; }

    /// <summary>Kconfig: byte offset of the value in the <c>.kconfig</c> map.</summary>
    public int Offset { get; init; }

    /// <summary>
    /// Ksym: the local type the kernel's must be compatible with: the variable's type with modifiers and typedefs
    /// skipped, or the function's prototype. 0 for a typeless (<c>const void</c>) symbol, resolved by address.
    /// </summary>
    public int TypeId { get; init; }

    /// <summary>Ksym: a kernel function (a BTF FUNC), called with BPF_PSEUDO_KFUNC_CALL.</summary>
    public bool IsFunction { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Kind == ExternKind.Kconfig
        ? $"extern (kcfg) '{Name}': {KconfigType}, {Size} bytes at offset {Offset}{(IsWeak ? ", weak" : "")}"
        : $"extern (ksym) '{Name}': {(IsFunction ? "kfunc" : TypeId == 0 ? "typeless" : "typed")}{(IsWeak ? ", weak" : "")}";
}
