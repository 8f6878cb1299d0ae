using System.Runtime.CompilerServices;
using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Maps;

namespace ManagedBpf.Globals;

/// <summary>
/// A global variable of a loaded object (<c>.bss</c>, <c>.data</c>, <c>.rodata</c>, or a custom <c>.data.*</c> /
/// <c>.rodata.*</c> section), read and written in place through the mapping of its global-data map (BPF_F_MMAPABLE,
/// as libbpf's skeleton maps it): a value the programs change is seen at once, without a system call, and a value
/// written here is what the programs read next. Sizes are checked against the variable's BTF type.
/// </summary>
/// <remarks>
/// A read or write of a naturally aligned variable of 1, 2, 4 or 8 bytes is a single load or store, so a counter the
/// programs update with atomic operations is never seen torn; larger variables are copied byte by byte and may mix two
/// updates. <c>.rodata</c> (and any section loaded BPF_F_RDONLY_PROG) is mapped read-only: it is frozen, and the
/// verifier has trusted its values as constants. Mapping arrays: kernel 5.5+.
/// </remarks>
public sealed unsafe class BpfVariable
{
    private readonly MmapRegion _region;

    internal BpfVariable(VariableSpec spec, BpfMap map, MmapRegion region, bool readOnly, BtfType? type)
    {
        Name = spec.Name;
        SectionName = spec.SectionName;
        Offset = spec.Offset;
        Size = spec.Size;
        Map = map;
        IsReadOnly = readOnly;
        BtfType = type;
        _region = region;
    }

    /// <summary>The variable's name.</summary>
    public string Name { get; }

    /// <summary>The ELF section, which is also the name of its map in <see cref="BpfObject.Maps"/>.</summary>
    public string SectionName { get; }

    /// <summary>Byte offset in the section.</summary>
    public int Offset { get; }

    /// <summary>Size in bytes, from its BTF type.</summary>
    public int Size { get; }

    /// <summary>The global-data map that holds it.</summary>
    public BpfMap Map { get; }

    /// <summary>True for read-only data (<c>.rodata</c>): <see cref="Set{T}"/> and <see cref="Write"/> throw.</summary>
    public bool IsReadOnly { get; }

    /// <summary>The variable's type in the object's BTF (what its VAR names), if the object has BTF.</summary>
    public BtfType? BtfType { get; }

    /// <summary>Reads the value as <typeparamref name="T"/>, whose size must equal the variable's.</summary>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    /// <exception cref="ObjectDisposedException">The object was disposed.</exception>
    public T Get<T>() where T : unmanaged
    {
        CheckSize(Unsafe.SizeOf<T>(), typeof(T).Name);
        using var lease = HandleLease.Of(_region);
        return Unsafe.ReadUnaligned<T>(Address);
    }

    /// <summary>Writes <paramref name="value"/>, whose size must equal the variable's.</summary>
    /// <exception cref="ArgumentException">The sizes differ.</exception>
    /// <exception cref="InvalidOperationException">The variable is read-only.</exception>
    public void Set<T>(T value) where T : unmanaged
    {
        CheckWritable();
        CheckSize(Unsafe.SizeOf<T>(), typeof(T).Name);
        using var lease = HandleLease.Of(_region);
        Unsafe.WriteUnaligned(Address, value);
    }

    /// <summary>Copies the value into <paramref name="destination"/>, which must be <see cref="Size"/> bytes.</summary>
    public void Read(Span<byte> destination)
    {
        CheckSize(destination.Length, "the buffer");
        using var lease = HandleLease.Of(_region);
        new ReadOnlySpan<byte>(Address, Size).CopyTo(destination);
    }

    /// <summary>Writes the value from <paramref name="value"/>, which must be <see cref="Size"/> bytes.</summary>
    public void Write(ReadOnlySpan<byte> value)
    {
        CheckWritable();
        CheckSize(value.Length, "the value");
        using var lease = HandleLease.Of(_region);
        value.CopyTo(new Span<byte>(Address, Size));
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({SectionName}+{Offset}, {Size} bytes{(IsReadOnly ? ", read-only" : "")})";

    private byte* Address => (byte*)_region.Address + Offset;

    private void CheckSize(int size, string what)
    {
        if (size != Size)
            throw new ArgumentException($"variable '{Name}' is {Size} bytes{(BtfType is { Name.Length: > 0 } t ? $" ({t.Name})" : "")} in its BTF; {what} is {size}");
    }

    private void CheckWritable()
    {
        if (IsReadOnly)
            throw new InvalidOperationException($"variable '{Name}' is in {SectionName}, which is read-only after load (frozen; the verifier trusted its values)");
    }
}
