namespace ManagedBpf.Btf;

/// <summary>A decoded BTF type. Subclasses carry the kind-specific data; <see cref="BtfSpec.GetType"/> makes them.</summary>
public abstract class BtfType
{
    private protected BtfType(int id, BtfKind kind, string name)
    {
        Id = id;
        Kind = kind;
        Name = name;
    }

    /// <summary>The type id within its spec (0 is void).</summary>
    public int Id { get; }

    /// <summary>The BTF kind.</summary>
    public BtfKind Kind { get; }

    /// <summary>The type's name; empty for anonymous types.</summary>
    public string Name { get; }

    /// <inheritdoc/>
    public override string ToString() => Name.Length == 0 ? $"[{Id}] {Kind} (anon)" : $"[{Id}] {Kind} '{Name}'";
}

/// <summary>Type id 0: void.</summary>
public sealed class BtfVoid : BtfType
{
    internal BtfVoid() : base(0, BtfKind.Unknown, "")
    {
    }
}

/// <summary>BTF_INT_ENCODING bits of an integer type.</summary>
[Flags]
public enum BtfIntEncoding : byte
{
    /// <summary>Unsigned, not char or bool.</summary>
    None = 0,

    /// <summary>BTF_INT_SIGNED.</summary>
    Signed = 1,

    /// <summary>BTF_INT_CHAR.</summary>
    Char = 2,

    /// <summary>BTF_INT_BOOL.</summary>
    Bool = 4,
}

/// <summary>BTF_KIND_INT.</summary>
public sealed class BtfInt(int id, string name, uint size, BtfIntEncoding encoding, uint bitOffset, uint bits) : BtfType(id, BtfKind.Int, name)
{
    /// <summary>Storage size in bytes.</summary>
    public uint Size { get; } = size;

    /// <summary>Signedness, char and bool flags.</summary>
    public BtfIntEncoding Encoding { get; } = encoding;

    /// <summary>BTF_INT_OFFSET: nonzero only for deprecated bitfield-like ints.</summary>
    public uint BitOffset { get; } = bitOffset;

    /// <summary>BTF_INT_BITS: number of value bits.</summary>
    public uint Bits { get; } = bits;
}

/// <summary>BTF_KIND_PTR.</summary>
public sealed class BtfPointer(int id, string name, int targetId) : BtfType(id, BtfKind.Pointer, name)
{
    /// <summary>The pointed-to type (0 for void *).</summary>
    public int TargetId { get; } = targetId;
}

/// <summary>BTF_KIND_ARRAY.</summary>
public sealed class BtfArray(int id, string name, int elementId, int indexId, uint count) : BtfType(id, BtfKind.Array, name)
{
    /// <summary>The element type.</summary>
    public int ElementId { get; } = elementId;

    /// <summary>The index type (clang emits __ARRAY_SIZE_TYPE__).</summary>
    public int IndexId { get; } = indexId;

    /// <summary>Number of elements (0 for a flexible array member).</summary>
    public uint Count { get; } = count;
}

/// <summary>One member of a struct or union.</summary>
/// <param name="Name">Member name; empty for an anonymous embedded struct or union.</param>
/// <param name="TypeId">The member's type.</param>
/// <param name="BitOffset">Offset from the start of the composite in bits.</param>
/// <param name="BitfieldSize">Bitfield width, or 0 for a plain member.</param>
public readonly record struct BtfMember(string Name, int TypeId, uint BitOffset, uint BitfieldSize);

/// <summary>BTF_KIND_STRUCT and BTF_KIND_UNION.</summary>
public sealed class BtfComposite(int id, BtfKind kind, string name, uint size, IReadOnlyList<BtfMember> members) : BtfType(id, kind, name)
{
    /// <summary>Size in bytes.</summary>
    public uint Size { get; } = size;

    /// <summary>True for a union.</summary>
    public bool IsUnion => Kind == BtfKind.Union;

    /// <summary>Members in declaration order.</summary>
    public IReadOnlyList<BtfMember> Members { get; } = members;
}

/// <summary>One enumerator.</summary>
/// <param name="Name">Enumerator name.</param>
/// <param name="Value">The value; unsigned 64-bit values above long.MaxValue appear negative.</param>
public readonly record struct BtfEnumValue(string Name, long Value);

/// <summary>BTF_KIND_ENUM and BTF_KIND_ENUM64.</summary>
public sealed class BtfEnum(int id, BtfKind kind, string name, uint size, bool signed, IReadOnlyList<BtfEnumValue> values) : BtfType(id, kind, name)
{
    /// <summary>Size in bytes.</summary>
    public uint Size { get; } = size;

    /// <summary>kind_flag: the values are signed.</summary>
    public bool Signed { get; } = signed;

    /// <summary>Enumerators in declaration order.</summary>
    public IReadOnlyList<BtfEnumValue> Values { get; } = values;
}

/// <summary>BTF_KIND_FWD.</summary>
public sealed class BtfForward(int id, string name, bool isUnion) : BtfType(id, BtfKind.Forward, name)
{
    /// <summary>kind_flag: declares a union rather than a struct.</summary>
    public bool IsUnion { get; } = isUnion;
}

/// <summary>BTF_KIND_TYPEDEF.</summary>
public sealed class BtfTypedef(int id, string name, int targetId) : BtfType(id, BtfKind.Typedef, name)
{
    /// <summary>The aliased type.</summary>
    public int TargetId { get; } = targetId;
}

/// <summary>BTF_KIND_VOLATILE, _CONST, _RESTRICT and _TYPE_TAG: a modifier of another type.</summary>
public sealed class BtfQualifier(int id, BtfKind kind, string name, int targetId) : BtfType(id, kind, name)
{
    /// <summary>The modified type.</summary>
    public int TargetId { get; } = targetId;
}

/// <summary>btf_func_linkage.</summary>
public enum BtfFunctionLinkage : uint
{
    /// <summary>BTF_FUNC_STATIC.</summary>
    Static = 0,

    /// <summary>BTF_FUNC_GLOBAL.</summary>
    Global = 1,

    /// <summary>BTF_FUNC_EXTERN.</summary>
    Extern = 2,
}

/// <summary>BTF_KIND_FUNC.</summary>
public sealed class BtfFunction(int id, string name, int protoId, BtfFunctionLinkage linkage) : BtfType(id, BtfKind.Function, name)
{
    /// <summary>The FUNC_PROTO.</summary>
    public int ProtoId { get; } = protoId;

    /// <summary>Linkage, stored in vlen.</summary>
    public BtfFunctionLinkage Linkage { get; } = linkage;
}

/// <summary>One parameter of a function prototype.</summary>
/// <param name="Name">Parameter name (may be empty).</param>
/// <param name="TypeId">Parameter type; 0 as the last parameter means "...".</param>
public readonly record struct BtfParameter(string Name, int TypeId);

/// <summary>BTF_KIND_FUNC_PROTO.</summary>
public sealed class BtfFunctionProto(int id, string name, int returnId, IReadOnlyList<BtfParameter> parameters) : BtfType(id, BtfKind.FunctionProto, name)
{
    /// <summary>Return type (0 for void).</summary>
    public int ReturnId { get; } = returnId;

    /// <summary>Parameters in order.</summary>
    public IReadOnlyList<BtfParameter> Parameters { get; } = parameters;
}

/// <summary>btf_var linkage.</summary>
public enum BtfVariableLinkage : uint
{
    /// <summary>BTF_VAR_STATIC.</summary>
    Static = 0,

    /// <summary>BTF_VAR_GLOBAL_ALLOCATED.</summary>
    GlobalAllocated = 1,

    /// <summary>BTF_VAR_GLOBAL_EXTERN.</summary>
    GlobalExtern = 2,
}

/// <summary>BTF_KIND_VAR.</summary>
public sealed class BtfVariable(int id, string name, int typeId, BtfVariableLinkage linkage) : BtfType(id, BtfKind.Variable, name)
{
    /// <summary>The variable's type.</summary>
    public int TypeId { get; } = typeId;

    /// <summary>Linkage.</summary>
    public BtfVariableLinkage Linkage { get; } = linkage;
}

/// <summary>One btf_var_secinfo: a variable placed in a data section.</summary>
/// <param name="TypeId">The VAR (or FUNC, for .ksyms) type.</param>
/// <param name="Offset">Byte offset in the section.</param>
/// <param name="Size">Byte size.</param>
public readonly record struct BtfSectionVariable(int TypeId, uint Offset, uint Size);

/// <summary>BTF_KIND_DATASEC.</summary>
public sealed class BtfDataSection(int id, string name, uint size, IReadOnlyList<BtfSectionVariable> variables) : BtfType(id, BtfKind.DataSection, name)
{
    /// <summary>Section size in bytes (0 in clang output until fixed up).</summary>
    public uint Size { get; } = size;

    /// <summary>The variables in the section.</summary>
    public IReadOnlyList<BtfSectionVariable> Variables { get; } = variables;
}

/// <summary>BTF_KIND_FLOAT.</summary>
public sealed class BtfFloat(int id, string name, uint size) : BtfType(id, BtfKind.Float, name)
{
    /// <summary>Size in bytes.</summary>
    public uint Size { get; } = size;
}

/// <summary>BTF_KIND_DECL_TAG: a <c>btf_decl_tag</c> attribute on a type, member or parameter.</summary>
public sealed class BtfDeclTag(int id, string name, int targetId, int componentIndex) : BtfType(id, BtfKind.DeclTag, name)
{
    /// <summary>The tagged type.</summary>
    public int TargetId { get; } = targetId;

    /// <summary>Member or parameter index, or -1 when the type itself is tagged.</summary>
    public int ComponentIndex { get; } = componentIndex;
}
