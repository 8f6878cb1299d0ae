using ManagedBpf.Btf;
using ManagedBpf.CodeGen.Types;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>What a BTF type becomes in C#, before the nested types it needs have names.</summary>
internal abstract record TypeShape;

/// <summary>A type C# already has or the file declares at namespace level: <c>int</c>, <c>global::N.Event</c>.</summary>
/// <param name="Text">The type as written in the generated code.</param>
/// <param name="Signed">A signed integer or an enum with negative values: a bitfield of it sign-extends.</param>
/// <param name="IsBool">C <c>_Bool</c>, which C# reads as <c>bool</c>.</param>
internal sealed record NamedShape(string Text, bool Signed = false, bool IsBool = false) : TypeShape;

/// <summary>A C array: an <c>[InlineArray]</c> struct declared next to its use, which converts to a span.</summary>
/// <param name="Count">Elements.</param>
/// <param name="Element">The element's shape; a nested one is declared inside the array type as <c>Element</c>.</param>
/// <param name="IsText">An array of C <c>char</c>, which also gets a string property.</param>
internal sealed record ArrayShape(uint Count, TypeShape Element, bool IsText) : TypeShape;

/// <summary>A struct, union or enum without a name of its own, declared inside the type that uses it.</summary>
internal sealed record AnonymousShape(BtfType Type) : TypeShape
{
    public bool Signed => Type is BtfEnum { Signed: true };
}

/// <summary>The mapping of BTF types to C# types, for one generated file.</summary>
/// <param name="btf">The object's BTF.</param>
/// <param name="catalog">The namespace-level types.</param>
/// <param name="namespacePrefix">How a namespace-level type is written: <c>global::N.</c>.</param>
internal sealed class TypeShapes(BtfSpec btf, TypeCatalog catalog, string namespacePrefix)
{
    /// <summary>
    /// The C# shape of <paramref name="typeId"/>: integers by size and signedness (<c>_Bool</c> as <c>bool</c>),
    /// floats, pointers as <c>ulong</c> (a kernel or BPF address, meaningless to dereference here), enums, structs
    /// and unions by their declaration, arrays as inline arrays.
    /// </summary>
    /// <exception cref="BpfException">The type has no value layout (void, a function, an incomplete type).</exception>
    public TypeShape Of(int typeId) => Of(typeId, 0);

    /// <summary>How a namespace-level type is written in the generated code.</summary>
    public string Reference(DeclaredType type) => namespacePrefix + type.Name;

    /// <summary>The element type is C <c>char</c> (after typedefs and qualifiers): its arrays hold text.</summary>
    public bool IsChar(int typeId) => btf.GetType(btf.ResolveType(typeId)) is BtfInt { Size: 1, Name: "char" };

    private TypeShape Of(int typeId, int depth)
    {
        if (depth > 32)
            throw new BpfException($"BTF type [{typeId}]: arrays nest more than 32 deep");
        var resolved = btf.ResolveType(typeId);
        var type = btf.GetType(resolved);
        return type switch
        {
            BtfInt integer => Integer(integer),
            BtfFloat { Size: 2 } => new NamedShape("global::System.Half"),
            BtfFloat { Size: 4 } => new NamedShape("float"),
            BtfFloat { Size: 8 } => new NamedShape("double"),
            // long double: its 16 bytes, uninterpreted (BPF code cannot compute with it either).
            BtfFloat { Size: 16 } => new NamedShape("global::System.UInt128"),
            BtfPointer => new NamedShape("ulong"),
            BtfEnum e => catalog.IsDeclared(resolved) ? new NamedShape(Reference(catalog[resolved]), e.Signed) : new AnonymousShape(e),
            BtfComposite => catalog.IsDeclared(resolved) ? new NamedShape(Reference(catalog[resolved])) : new AnonymousShape(type),
            // Text is bytes: a char array is one of byte, whatever the signedness of char.
            BtfArray array when IsChar(array.ElementId) => new ArrayShape(array.Count, new NamedShape("byte"), IsText: true),
            BtfArray array => new ArrayShape(array.Count, Of(array.ElementId, depth + 1), IsText: false),
            _ => throw new BpfException($"BTF type [{typeId}] ({CDeclaration.Of(btf, typeId, "")}) has no value layout to generate"),
        };
    }

    private static TypeShape Integer(BtfInt integer)
    {
        var signed = integer.Encoding.HasFlag(BtfIntEncoding.Signed);
        return integer.Size switch
        {
            1 when integer.Encoding.HasFlag(BtfIntEncoding.Bool) => new NamedShape("bool", IsBool: true),
            1 => new NamedShape(signed ? "sbyte" : "byte", signed),
            2 => new NamedShape(signed ? "short" : "ushort", signed),
            4 => new NamedShape(signed ? "int" : "uint", signed),
            8 => new NamedShape(signed ? "long" : "ulong", signed),
            16 => new NamedShape(signed ? "global::System.Int128" : "global::System.UInt128", signed),
            // No C# integer of this size: its bytes.
            _ => new ArrayShape(integer.Size, new NamedShape("byte"), IsText: false),
        };
    }
}
