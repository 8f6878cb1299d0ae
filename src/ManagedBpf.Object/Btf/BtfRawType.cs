namespace ManagedBpf.Btf;

/// <summary>
/// A zero-copy view of one <c>struct btf_type</c> and the data after it, for code (CO-RE, fix-ups) that must not
/// allocate a <see cref="BtfType"/> per visited type. Reads go straight to the owning spec's bytes, whose bounds
/// were checked when the type index was built.
/// </summary>
internal readonly struct BtfRawType
{
    private readonly BtfSpec? _owner;
    private readonly int _offset;

    internal BtfRawType(BtfSpec owner, int id, int offset, uint nameOffset, uint info, uint sizeOrType)
    {
        _owner = owner;
        _offset = offset;
        Id = id;
        NameOffset = nameOffset;
        Info = info;
        SizeOrType = sizeOrType;
    }

    /// <summary>The void type (id 0), which has no bytes.</summary>
    public static BtfRawType Void => default;

    public int Id { get; }

    public uint NameOffset { get; }

    public uint Info { get; }

    /// <summary>The <c>size</c>/<c>type</c> union of <c>struct btf_type</c>.</summary>
    public uint SizeOrType { get; }

    public BtfKind Kind => BtfWire.Kind(Info);

    public int Vlen => BtfWire.Vlen(Info);

    public bool KindFlag => BtfWire.KindFlag(Info);

    public bool IsVoid => _owner is null;

    /// <summary>Absolute byte offset of the <c>btf_type</c> in the owning blob (for error reports).</summary>
    public int Offset => _offset;

    public bool IsComposite => Kind is BtfKind.Struct or BtfKind.Union;

    public bool IsAnyEnum => Kind is BtfKind.Enum or BtfKind.Enum64;

    /// <summary>True for the kinds libbpf's skip_mods_and_typedefs walks through.</summary>
    public bool IsModifierOrTypedef => Kind is BtfKind.Typedef or BtfKind.Volatile or BtfKind.Const
        or BtfKind.Restrict or BtfKind.TypeTag;

    private uint Word(int index) => BtfWire.U32(_owner!.Data.Span, _offset + BtfWire.TypeHeaderSize + (index * 4));

    /// <summary>INT: the encoding bits (BTF_INT_ENCODING).</summary>
    public uint IntEncoding => (Word(0) >> 24) & 0x0f;

    /// <summary>INT: BTF_INT_OFFSET, a bit offset only deprecated bitfield-like ints use.</summary>
    public uint IntOffset => (Word(0) >> 16) & 0xff;

    /// <summary>INT: BTF_INT_BITS.</summary>
    public uint IntBits => Word(0) & 0xff;

    /// <summary>ARRAY: element type, index type, element count.</summary>
    public (int ElementId, int IndexId, uint Count) Array => ((int)Word(0), (int)Word(1), Word(2));

    /// <summary>STRUCT/UNION member <paramref name="index"/>: name, type and raw offset word.</summary>
    public (uint NameOffset, int TypeId, uint Offset) Member(int index) =>
        (Word(index * 3), (int)Word((index * 3) + 1), Word((index * 3) + 2));

    /// <summary>btf_member_bit_offset: with kind_flag set the low 24 bits hold the offset, the high 8 the bitfield size.</summary>
    public uint MemberBitOffset(int index)
    {
        var raw = Word((index * 3) + 2);
        return KindFlag ? raw & 0xffffff : raw;
    }

    /// <summary>btf_member_bitfield_size: zero unless kind_flag is set.</summary>
    public uint MemberBitfieldSize(int index) => KindFlag ? Word((index * 3) + 2) >> 24 : 0;

    /// <summary>ENUM or ENUM64 enumerator name.</summary>
    public uint EnumeratorNameOffset(int index) => Kind == BtfKind.Enum ? Word(index * 2) : Word(index * 3);

    /// <summary>
    /// ENUM or ENUM64 enumerator value, widened the way libbpf's bpf_core_calc_enumval_relo does: a 32-bit
    /// <c>btf_enum.val</c> is an <c>__s32</c> and sign-extends; an enum64 value is <c>hi32 &lt;&lt; 32 | lo32</c>.
    /// </summary>
    public ulong EnumeratorValue(int index) => Kind == BtfKind.Enum
        ? (ulong)(long)(int)Word((index * 2) + 1)
        : ((ulong)Word((index * 3) + 2) << 32) | Word((index * 3) + 1);

    /// <summary>FUNC_PROTO parameter: name and type.</summary>
    public (uint NameOffset, int TypeId) Parameter(int index) => (Word(index * 2), (int)Word((index * 2) + 1));

    /// <summary>VAR: linkage (BTF_VAR_STATIC, _GLOBAL_ALLOCATED, _GLOBAL_EXTERN).</summary>
    public uint VariableLinkage => Word(0);

    /// <summary>DATASEC entry: variable type, offset, size.</summary>
    public (int TypeId, uint Offset, uint Size) SectionVariable(int index) =>
        ((int)Word(index * 3), Word((index * 3) + 1), Word((index * 3) + 2));

    /// <summary>DECL_TAG: component_idx (-1 tags the type itself).</summary>
    public int DeclTagComponent => (int)Word(0);

    /// <summary>Absolute offset of the kind-specific data (for in-place fix-ups).</summary>
    public int TrailerOffset => _offset + BtfWire.TypeHeaderSize;
}
