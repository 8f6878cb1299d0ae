using System.Buffers.Binary;
using System.Text;
using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

/// <summary>
/// One BTF blob: an object file's <c>.BTF</c> section, the kernel's vmlinux BTF, or a module's split BTF over
/// vmlinux. Parsing checks the header and walks the type section once to bound every type, keeping every 16th
/// type's offset and each type's name_off; types are decoded only when asked for. For vmlinux (~130k types) that
/// is one pass and about 0.6 MiB of index, and no strings.
/// </summary>
/// <remarks>
/// Type ids run 0..<see cref="TypeCount"/>-1 and include the base's when the spec is split (as in libbpf's
/// btf__type_cnt); id 0 is void. String offsets of a split spec continue after the base's string section
/// (libbpf <c>btf->start_str_off</c>).
/// </remarks>
public sealed partial class BtfSpec
{
    /// <summary>Every <see cref="IndexStride"/>-th type's offset is remembered; others are reached by walking.</summary>
    private const int IndexStride = 16;

    /// <summary>BTF_MAX_TYPE in the kernel (include/linux/btf.h).</summary>
    private const int MaxTypeId = 0x000fffff;

    private readonly int _typeStart;
    private readonly int _typeEnd;
    private readonly int _stringStart;
    private readonly int _stringLength;
    private readonly int[] _checkpoints;

    /// <summary>name_off of each own type (index = id - FirstOwnId), so name lookups never walk the types.</summary>
    private readonly uint[] _names;
    private readonly int _ownCount;

    private BtfSpec(ReadOnlyMemory<byte> data, BtfSpec? baseSpec, int typeStart, int typeEnd, int stringStart, int stringLength, int ownCount, int[] checkpoints, uint[] names)
    {
        _names = names;
        _ownCount = ownCount;
        Data = data;
        Base = baseSpec;
        _typeStart = typeStart;
        _typeEnd = typeEnd;
        _stringStart = stringStart;
        _stringLength = stringLength;
        _checkpoints = checkpoints;
        FirstOwnId = baseSpec?.TypeCount ?? 1;
        TypeCount = FirstOwnId + ownCount;
        StringBase = baseSpec?.TotalStringLength ?? 0;
    }

    /// <summary>The blob exactly as parsed (not copied).</summary>
    public ReadOnlyMemory<byte> RawBytes => Data;

    /// <summary>Number of type ids including void and, for split BTF, all base types.</summary>
    public int TypeCount { get; }

    /// <summary>The spec this one is split over (vmlinux for a module), or null.</summary>
    public BtfSpec? Base { get; }

    /// <summary>The first type id stored in this blob: 1, or the base's <see cref="TypeCount"/> for split BTF.</summary>
    public int FirstOwnId { get; }

    internal ReadOnlyMemory<byte> Data { get; }

    /// <summary>String offsets below this value belong to the base spec.</summary>
    internal int StringBase { get; }

    internal int TotalStringLength => StringBase + _stringLength;

    internal ReadOnlySpan<byte> OwnStrings => Data.Span.Slice(_stringStart, _stringLength);

    /// <summary>name_off of this blob's own types, indexed by id - <see cref="FirstOwnId"/>.</summary>
    internal ReadOnlySpan<uint> OwnNameOffsets => _names.AsSpan(0, _ownCount);

    /// <summary>Parses a BTF blob; pass <paramref name="baseSpec"/> for split BTF (a kernel module's).</summary>
    /// <exception cref="BpfFormatException">The blob is malformed (section <c>.BTF</c>, with the byte offset).</exception>
    public static BtfSpec Parse(ReadOnlyMemory<byte> data, BtfSpec? baseSpec = null)
    {
        var span = data.Span;
        var header = BtfHeader.Read(span, SectionNames.Btf);
        var typeStart = header.HeaderLength + header.TypeOffset;
        var stringStart = header.HeaderLength + header.StringOffset;
        CheckStrings(span.Slice(stringStart, header.StringLength), stringStart, baseSpec is not null);

        // Both arrays are sized from the byte length of the type section (at least 12 bytes per type), never
        // from a count read out of the blob. Names start at an estimate of 24 bytes per type and grow if needed.
        var checkpoints = new int[(header.TypeLength / BtfWire.TypeHeaderSize / IndexStride) + 1];
        var names = new uint[Math.Max(16, header.TypeLength / 24)];
        var firstId = baseSpec?.TypeCount ?? 1;
        var count = 0;
        var offset = typeStart;
        var typeEnd = typeStart + header.TypeLength;
        while (offset < typeEnd)
        {
            if (firstId + count > MaxTypeId)
                throw new BpfFormatException($"more than {MaxTypeId} types", SectionNames.Btf, offset);
            if (count % IndexStride == 0)
                checkpoints[count / IndexStride] = offset;
            if (count == names.Length)
                Array.Resize(ref names, Math.Min(names.Length * 2, (header.TypeLength / BtfWire.TypeHeaderSize) + 1));
            names[count] = BtfWire.U32(span, offset);
            offset += TypeLength(span, offset, typeEnd);
            count++;
        }

        return new BtfSpec(data, baseSpec, typeStart, typeEnd, stringStart, header.StringLength, count, checkpoints, names);
    }

    /// <summary>The string at <paramref name="offset"/> in the string section (the base's, for small offsets of split BTF).</summary>
    public string GetString(uint offset) => Encoding.UTF8.GetString(GetStringBytes(offset));

    /// <summary>The UTF-8 bytes of a string, without the terminating NUL and without copying.</summary>
    internal ReadOnlySpan<byte> GetStringBytes(uint offset)
    {
        if (offset < (uint)StringBase)
            return Base!.GetStringBytes(offset);
        var local = offset - (uint)StringBase;
        if (local >= (uint)_stringLength)
            throw new BpfFormatException($"string offset {offset} outside the string section", SectionNames.Btf, _stringStart);
        var rest = OwnStrings[(int)local..];
        // CheckStrings guaranteed the section ends with NUL, so IndexOf finds one.
        return rest[..rest.IndexOf((byte)0)];
    }

    /// <summary>The type with id <paramref name="id"/>, decoded into the public type model.</summary>
    /// <exception cref="BpfFormatException">The id is out of range or the type refers to a missing string.</exception>
    public BtfType GetType(int id) => BtfTypeDecoder.Decode(this, Raw(id));

    /// <summary>A zero-copy view of type <paramref name="id"/>; id 0 is void.</summary>
    internal BtfRawType Raw(int id)
    {
        if (id == 0)
            return BtfRawType.Void;
        if ((uint)id >= (uint)TypeCount)
            throw new BpfFormatException($"type id {id} out of range (0..{TypeCount - 1})", SectionNames.Btf, _typeStart);
        if (id < FirstOwnId)
            return Base!.Raw(id);

        var index = id - FirstOwnId;
        var span = Data.Span;
        var offset = _checkpoints[index / IndexStride];
        for (var i = index % IndexStride; i > 0; i--)
            offset += TypeLength(span, offset, _typeEnd);
        return RawAt(span, id, offset);
    }

    private BtfRawType RawAt(ReadOnlySpan<byte> span, int id, int offset) =>
        new(this, id, offset, BtfWire.U32(span, offset), BtfWire.U32(span, offset + 4), BtfWire.U32(span, offset + 8));

    /// <summary>The byte length of the type at <paramref name="offset"/>, header included, checked against the section end.</summary>
    /// <remarks>On the hot path of parsing (~130k types in vmlinux), hence the table instead of a switch.</remarks>
    private static int TypeLength(ReadOnlySpan<byte> span, int offset, int end)
    {
        var available = end - offset - BtfWire.TypeHeaderSize;
        if (available < 0)
            throw new BpfFormatException("truncated btf_type", SectionNames.Btf, offset);
        var info = BinaryPrimitives.ReadUInt32LittleEndian(span.Slice(offset + 4, 4));
        var kind = (int)((info >> 24) & 0x1f);
        var shape = (uint)kind < (uint)TrailerShapes.Length ? TrailerShapes[kind] : (byte)0xff;
        if (shape == 0xff)
            throw new BpfFormatException($"unsupported BTF kind {kind}", SectionNames.Btf, offset + 4);
        // Low nibble: fixed bytes; high nibble: bytes per vlen entry.
        var trailer = (shape & 0x0f) + ((shape >> 4) * (int)(info & 0xffff));
        if (trailer > available)
            throw new BpfFormatException($"{(BtfKind)kind} type data runs past the type section", SectionNames.Btf, offset);
        return BtfWire.TypeHeaderSize + trailer;
    }

    /// <summary>Per kind: fixed trailer bytes (low nibble) and bytes per vlen entry (high nibble); 0xff = invalid.</summary>
    private static ReadOnlySpan<byte> TrailerShapes =>
    [
        0xff, // UNKN
        0x04, // INT
        0x00, // PTR
        0x0c, // ARRAY
        0xc0, // STRUCT
        0xc0, // UNION
        0x80, // ENUM
        0x00, // FWD
        0x00, // TYPEDEF
        0x00, // VOLATILE
        0x00, // CONST
        0x00, // RESTRICT
        0x00, // FUNC (vlen is the linkage)
        0x80, // FUNC_PROTO
        0x04, // VAR
        0xc0, // DATASEC
        0x00, // FLOAT
        0x04, // DECL_TAG
        0x00, // TYPE_TAG
        0xc0, // ENUM64
    ];

    /// <summary>
    /// The string section must end with NUL (so every lookup terminates) and, unless split, start with the
    /// empty string at offset 0 (libbpf btf_parse_str_sec; the kernel's btf_parse_str_sec agrees).
    /// </summary>
    private static void CheckStrings(ReadOnlySpan<byte> strings, int start, bool split)
    {
        if (strings.IsEmpty)
        {
            if (split)
                return;
            throw new BpfFormatException("empty string section", SectionNames.Btf, start);
        }

        if (strings[^1] != 0)
            throw new BpfFormatException("string section is not NUL-terminated", SectionNames.Btf, start + strings.Length - 1);
        if (!split && strings[0] != 0)
            throw new BpfFormatException("string section does not start with the empty string", SectionNames.Btf, start);
    }

    /// <summary>Walks this blob's own types in id order (for scans that must see every type once).</summary>
    internal OwnTypeEnumerator EnumerateOwn() => new(this);

    /// <summary>A forward-only walk over the blob's own types that reuses the bounds checked at parse time.</summary>
    internal ref struct OwnTypeEnumerator
    {
        private readonly BtfSpec _spec;
        private readonly ReadOnlySpan<byte> _span;
        private int _next;
        private int _id;

        public OwnTypeEnumerator(BtfSpec spec)
        {
            _spec = spec;
            _span = spec.Data.Span;
            _next = spec._typeStart;
            _id = spec.FirstOwnId - 1;
        }

        /// <summary>Id of the current type.</summary>
        public readonly int Id => _id;

        /// <summary>Absolute offset of the current type.</summary>
        public int Offset { get; private set; }

        /// <summary>name_off of the current type.</summary>
        public readonly uint NameOffset => BtfWire.U32(_span, Offset);

        /// <summary>info of the current type.</summary>
        public readonly uint Info => BtfWire.U32(_span, Offset + 4);

        public bool MoveNext()
        {
            if (_next >= _spec._typeEnd)
                return false;
            Offset = _next;
            _next += TypeLength(_span, _next, _spec._typeEnd);
            _id++;
            return true;
        }

        public readonly BtfRawType Current => _spec.RawAt(_span, _id, Offset);
    }
}
