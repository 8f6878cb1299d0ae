using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.Maps;

namespace ManagedBpf;

/// <summary>
/// A global variable of a data section (<c>.rodata</c>, <c>.data</c>, <c>.bss</c>): a window onto the initial
/// image of its global-data map. Writes before load become what the programs see; for <c>const volatile</c>
/// (.rodata) variables the verifier then treats the value as a constant and prunes dead branches.
/// </summary>
public sealed class VariableSpec
{
    internal VariableSpec(string name, MapSpec map, int offset, int size, uint btfTypeId)
    {
        Name = name;
        Map = map;
        Offset = offset;
        Size = size;
        BtfTypeId = btfTypeId;
    }

    /// <summary>The variable's C name, as its BTF VAR and ELF symbol name it.</summary>
    public string Name { get; }

    /// <summary>The same variable over <paramref name="map"/>, the copy of <see cref="Map"/>.</summary>
    internal VariableSpec WithMap(MapSpec map) => new(Name, map, Offset, Size, BtfTypeId);

    /// <summary>The global-data map that holds it.</summary>
    public MapSpec Map { get; }

    /// <summary>The ELF section it lives in.</summary>
    public string SectionName => Map.SectionName!;

    /// <summary>Byte offset within the section (the symbol's st_value).</summary>
    public int Offset { get; }

    /// <summary>Size in bytes, from the variable's BTF type.</summary>
    public int Size { get; }

    /// <summary>The VAR's type id in the object's BTF.</summary>
    public uint BtfTypeId { get; }

    /// <summary>The variable's bytes in the initial image (zeros for .bss).</summary>
    public ReadOnlySpan<byte> Value => Image().Slice(Offset, Size);

    /// <summary>Sets the value from raw bytes, which must be exactly <see cref="Size"/> long.</summary>
    public void Set(ReadOnlySpan<byte> value)
    {
        if (value.Length != Size)
            throw new ArgumentException($"variable '{Name}' is {Size} bytes (BTF), not {value.Length}", nameof(value));
        value.CopyTo(Image().Slice(Offset, Size));
    }

    /// <summary>Sets the value from an unmanaged value whose size must equal the BTF size of the variable.</summary>
    public void Set<T>(T value) where T : unmanaged =>
        Set(MemoryMarshal.AsBytes(new ReadOnlySpan<T>(ref value)));

    /// <summary>Reads the value as <typeparamref name="T"/>, whose size must equal the BTF size.</summary>
    public T Get<T>() where T : unmanaged
    {
        if (Unsafe.SizeOf<T>() != Size)
            throw new ArgumentException($"variable '{Name}' is {Size} bytes (BTF), not {Unsafe.SizeOf<T>()}");
        return MemoryMarshal.Read<T>(Value);
    }

    private Span<byte> Image() => Map.InitialValue ?? throw new InvalidOperationException($"map {Map.Name} has no image");

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({SectionName}+{Offset}, {Size} bytes)";
}
