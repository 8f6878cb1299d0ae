namespace ManagedBpf.Externs;

/// <summary>What the linker writes for a <c>.ksyms</c> extern (libbpf's ksym fields of extern_desc).</summary>
internal readonly record struct ResolvedKsym(bool IsSet, int KernelBtfId, ulong Address)
{
    /// <summary>A weak symbol the kernel does not have: address 0, kfunc calls left to dead code.</summary>
    public static ResolvedKsym Unresolved => default;

    public static ResolvedKsym ByBtfId(int id) => new(true, id, 0);

    public static ResolvedKsym ByAddress(ulong address) => new(true, 0, address);
}

/// <summary>Every extern of an object, resolved against the running kernel.</summary>
/// <param name="KconfigValue">The <c>.kconfig</c> map's value (empty when the object has no kconfig externs).</param>
/// <param name="Ksyms">Each ksym extern by name.</param>
internal sealed record ResolvedExterns(byte[] KconfigValue, IReadOnlyDictionary<string, ResolvedKsym> Ksyms);
