using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

// Resolution helpers with libbpf's semantics (skip_mods_and_typedefs, btf__resolve_size).
public sealed partial class BtfSpec
{
    /// <summary>Pointer size of the BPF target and of the 64-bit kernels this loader supports (libbpf btf_ptr_sz).</summary>
    internal const int PointerSize = 8;

    /// <summary>Follows typedefs and const/volatile/restrict/type-tag modifiers to the underlying type's id.</summary>
    /// <exception cref="BpfFormatException">An id is out of range or the chain loops.</exception>
    public int ResolveType(int id)
    {
        SkipModsAndTypedefs(id, out var resolved);
        return resolved;
    }

    /// <summary>
    /// Size in bytes of a type, as libbpf btf__resolve_size computes it: follows typedefs, modifiers, VARs and
    /// tags, multiplies array dimensions, and takes pointers as 8 bytes.
    /// </summary>
    /// <exception cref="BpfException">The type has no size (void, a function, a forward declaration) or it overflows 32 bits.</exception>
    public long SizeOf(int id)
    {
        var size = TryResolveSize(id);
        return size >= 0 ? size : throw new BpfException($"BTF type [{id}] has no size{(size == -2 ? " representable in 32 bits" : "")}");
    }

    /// <summary>
    /// Alignment in bytes, as libbpf btf__align_of computes it: scalars align to their size up to the pointer size,
    /// arrays to their element, structs and unions to their most aligned member, or to 1 when packed.
    /// </summary>
    /// <exception cref="BpfException">The type has no alignment (void, a function, a forward declaration).</exception>
    public int AlignOf(int id) => AlignOf(id, 0);

    private int AlignOf(int id, int depth)
    {
        if (depth > BtfWire.MaxResolveDepth)
            throw new BpfFormatException($"type [{id}] nests too deeply to align", SectionNames.Btf, 0);
        var t = Raw(id);
        switch (t.Kind)
        {
            case BtfKind.Int or BtfKind.Enum or BtfKind.Enum64 or BtfKind.Float:
                return (int)Math.Min(PointerSize, t.SizeOrType);
            case BtfKind.Pointer:
                return PointerSize;
            case BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict or BtfKind.TypeTag:
                return AlignOf((int)t.SizeOrType, depth + 1);
            case BtfKind.Array:
                return AlignOf(t.Array.ElementId, depth + 1);
            case BtfKind.Struct or BtfKind.Union:
                var alignment = 1;
                for (var i = 0; i < t.Vlen; i++)
                {
                    var member = AlignOf(t.Member(i).TypeId, depth + 1);
                    // A (non-bitfield) member off its natural alignment means the struct is packed.
                    if (t.MemberBitfieldSize(i) == 0 && t.MemberBitOffset(i) % (8u * (uint)member) != 0)
                        return 1;
                    alignment = Math.Max(alignment, member);
                }
                return t.SizeOrType % alignment == 0 ? alignment : 1;
            default:
                throw new BpfException($"BTF type [{id}] ({t.Kind}) has no alignment");
        }
    }

    /// <summary>libbpf skip_mods_and_typedefs, with a depth bound so a looping typedef chain is a format error.</summary>
    internal BtfRawType SkipModsAndTypedefs(int id, out int resolvedId)
    {
        var t = Raw(id);
        for (var depth = 0; t.IsModifierOrTypedef; depth++)
        {
            if (depth == BtfWire.MaxResolveDepth)
                throw new BpfFormatException($"typedef/modifier chain from type [{id}] is too deep or loops", SectionNames.Btf, t.Offset);
            id = (int)t.SizeOrType;
            t = Raw(id);
        }

        resolvedId = id;
        return t;
    }

    /// <summary>btf__resolve_size: the size, -1 for EINVAL (no size, too deep) or -2 for E2BIG (overflow).</summary>
    internal long TryResolveSize(int id)
    {
        uint elements = 1;
        var t = Raw(id);
        for (var depth = 0; depth < BtfWire.MaxResolveDepth && !t.IsVoid; depth++)
        {
            switch (t.Kind)
            {
                case BtfKind.Int or BtfKind.Struct or BtfKind.Union or BtfKind.Enum or BtfKind.Enum64
                    or BtfKind.DataSection or BtfKind.Float:
                    return Multiply(t.SizeOrType, elements);
                case BtfKind.Pointer:
                    return Multiply(PointerSize, elements);
                case BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict or BtfKind.Variable
                    or BtfKind.DeclTag or BtfKind.TypeTag:
                    id = (int)t.SizeOrType;
                    break;
                case BtfKind.Array:
                    var count = t.Array.Count;
                    if (elements != 0 && count > uint.MaxValue / elements)
                        return -2;
                    elements *= count;
                    id = t.Array.ElementId;
                    break;
                default:
                    return -1;
            }

            t = Raw(id);
        }

        return -1;
    }

    private static long Multiply(uint size, uint elements) =>
        elements != 0 && size > uint.MaxValue / elements ? -2 : (long)size * elements;
}
