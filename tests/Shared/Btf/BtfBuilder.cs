using System.Buffers.Binary;
using System.Text;
using ManagedBpf.Btf;

namespace ManagedBpf.Tests.Btf;

/// <summary>
/// Encodes BTF types into a blob, for synthetic local and target BTF in tests. Ids are handed out in call order
/// starting at 1 (or after the base's types for split BTF); use <see cref="NextId"/> for forward references.
/// </summary>
internal sealed class BtfBuilder
{
    private readonly List<byte> _types = [];
    private readonly List<byte> _strings = [];
    private readonly Dictionary<string, uint> _stringOffsets = [];
    private readonly uint _stringBase;

    public BtfBuilder(BtfSpec? baseSpec = null)
    {
        NextId = baseSpec?.TypeCount ?? 1;
        _stringBase = baseSpec is null ? 0 : (uint)baseSpec.TotalStringLength;
        if (baseSpec is null)
            String(""); // offset 0 is the empty string in a base blob
        else
            _stringOffsets[""] = 0;
    }

    /// <summary>The id the next type will get.</summary>
    public int NextId { get; private set; }

    /// <summary>Adds (or reuses) a string and returns its offset, as seen from a split spec when there is a base.</summary>
    public uint String(string value)
    {
        if (_stringOffsets.TryGetValue(value, out var offset))
            return offset;
        offset = _stringBase + (uint)_strings.Count;
        _strings.AddRange(Encoding.UTF8.GetBytes(value));
        _strings.Add(0);
        _stringOffsets[value] = offset;
        return offset;
    }

    public int Int(string name, uint size, BtfIntEncoding encoding = BtfIntEncoding.None, uint bits = 0, uint bitOffset = 0) =>
        Type(name, BtfKind.Int, 0, false, size, ((uint)encoding << 24) | (bitOffset << 16) | (bits == 0 ? size * 8 : bits));

    public int Pointer(int target) => Type("", BtfKind.Pointer, 0, false, (uint)target);

    public int Array(int element, uint count, int indexType) => Type("", BtfKind.Array, 0, false, 0, (uint)element, (uint)indexType, count);

    public int Struct(string name, uint size, params (string Name, int Type, uint BitOffset, uint BitfieldSize)[] members) =>
        Composite(BtfKind.Struct, name, size, members);

    public int Union(string name, uint size, params (string Name, int Type, uint BitOffset, uint BitfieldSize)[] members) =>
        Composite(BtfKind.Union, name, size, members);

    public int Enum(string name, uint size, bool signed, params (string Name, int Value)[] values)
    {
        var words = new List<uint>();
        foreach (var (n, v) in values)
            words.AddRange([String(n), (uint)v]);
        return Type(name, BtfKind.Enum, values.Length, signed, size, [.. words]);
    }

    public int Enum64(string name, uint size, bool signed, params (string Name, ulong Value)[] values)
    {
        var words = new List<uint>();
        foreach (var (n, v) in values)
            words.AddRange([String(n), (uint)v, (uint)(v >> 32)]);
        return Type(name, BtfKind.Enum64, values.Length, signed, size, [.. words]);
    }

    public int Forward(string name, bool union) => Type(name, BtfKind.Forward, 0, union, 0);

    public int Typedef(string name, int target) => Type(name, BtfKind.Typedef, 0, false, (uint)target);

    public int Const(int target) => Type("", BtfKind.Const, 0, false, (uint)target);

    public int Volatile(int target) => Type("", BtfKind.Volatile, 0, false, (uint)target);

    public int Restrict(int target) => Type("", BtfKind.Restrict, 0, false, (uint)target);

    public int TypeTag(string name, int target) => Type(name, BtfKind.TypeTag, 0, false, (uint)target);

    public int Function(string name, int proto, BtfFunctionLinkage linkage = BtfFunctionLinkage.Global) =>
        Type(name, BtfKind.Function, (int)linkage, false, (uint)proto);

    public int FunctionProto(int returnType, params (string Name, int Type)[] parameters)
    {
        var words = new List<uint>();
        foreach (var (n, t) in parameters)
            words.AddRange([String(n), (uint)t]);
        return Type("", BtfKind.FunctionProto, parameters.Length, false, (uint)returnType, [.. words]);
    }

    public int Variable(string name, int type, BtfVariableLinkage linkage = BtfVariableLinkage.GlobalAllocated) =>
        Type(name, BtfKind.Variable, 0, false, (uint)type, (uint)linkage);

    public int DataSection(string name, uint size, params (int Type, uint Offset, uint Size)[] variables)
    {
        var words = new List<uint>();
        foreach (var (t, o, s) in variables)
            words.AddRange([(uint)t, o, s]);
        return Type(name, BtfKind.DataSection, variables.Length, false, size, [.. words]);
    }

    public int Float(string name, uint size) => Type(name, BtfKind.Float, 0, false, size);

    public int DeclTag(string name, int target, int component) => Type(name, BtfKind.DeclTag, 0, false, (uint)target, (uint)component);

    /// <summary>The BTF blob: header, type section, string section.</summary>
    public byte[] Build()
    {
        var bytes = new byte[24 + _types.Count + _strings.Count];
        var span = bytes.AsSpan();
        BinaryPrimitives.WriteUInt16LittleEndian(span, 0xeB9F);
        span[2] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], 24);
        BinaryPrimitives.WriteUInt32LittleEndian(span[8..], 0);
        BinaryPrimitives.WriteUInt32LittleEndian(span[12..], (uint)_types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)_types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(span[20..], (uint)_strings.Count);
        _types.CopyTo(bytes, 24);
        _strings.CopyTo(bytes, 24 + _types.Count);
        return bytes;
    }

    public BtfSpec Spec(BtfSpec? baseSpec = null) => BtfSpec.Parse(Build(), baseSpec);

    private int Composite(BtfKind kind, string name, uint size, (string Name, int Type, uint BitOffset, uint BitfieldSize)[] members)
    {
        var bitfields = members.Any(m => m.BitfieldSize != 0);
        var words = new List<uint>();
        foreach (var m in members)
            words.AddRange([String(m.Name), (uint)m.Type, bitfields ? (m.BitfieldSize << 24) | m.BitOffset : m.BitOffset]);
        return Type(name, kind, members.Length, bitfields, size, [.. words]);
    }

    private int Type(string name, BtfKind kind, int vlen, bool kindFlag, uint sizeOrType, params uint[] trailer)
    {
        Word(String(name));
        Word(((kindFlag ? 1u : 0u) << 31) | ((uint)kind << 24) | (uint)vlen);
        Word(sizeOrType);
        foreach (var w in trailer)
            Word(w);
        return NextId++;
    }

    private void Word(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _types.AddRange(b);
    }
}
