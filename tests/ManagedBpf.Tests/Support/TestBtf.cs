using System.Buffers.Binary;
using System.Text;

namespace ManagedBpf.Tests.Support;

/// <summary>A minimal BTF writer for tests (include/uapi/linux/btf.h): enough kinds for maps and func/line info.</summary>
internal sealed class TestBtf
{
    private readonly List<byte> _types = [];
    private readonly List<byte> _strings = [0];
    private uint _nextId = 1;

    /// <summary>Adds a string; returns its offset.</summary>
    public uint String(string value)
    {
        var offset = (uint)_strings.Count;
        _strings.AddRange(Encoding.UTF8.GetBytes(value));
        _strings.Add(0);
        return offset;
    }

    /// <summary>BTF_KIND_INT, signed, size × 8 bits.</summary>
    public uint Int(string name, uint size) => Add(String(name), kind: 1, vlen: 0, sizeOrType: size, (1u << 24) | (size * 8));

    /// <summary>BTF_KIND_PTR to <paramref name="target"/> (0 = void).</summary>
    public uint Pointer(uint target) => Add(0, kind: 2, vlen: 0, sizeOrType: target);

    /// <summary>BTF_KIND_FUNC_PROTO with named parameters.</summary>
    public uint FunctionPrototype(uint returnType, params (string Name, uint Type)[] parameters) =>
        Add(0, kind: 13, vlen: (uint)parameters.Length, sizeOrType: returnType,
            parameters.SelectMany(p => new[] { String(p.Name), p.Type }).ToArray());

    /// <summary>BTF_KIND_FUNC; vlen is the linkage (0 static, 1 global).</summary>
    public uint Function(string name, uint prototype, uint linkage = 0) => Add(String(name), kind: 12, vlen: linkage, sizeOrType: prototype);

    /// <summary>A raw type with an arbitrary kind, for rejection tests.</summary>
    public uint Raw(uint kind) => Add(String("bogus"), kind, vlen: 0, sizeOrType: 4);

    /// <summary>Header + types + strings.</summary>
    public byte[] Build()
    {
        var header = new byte[24];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(0), 0xeb9f);
        header[2] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 24);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(12), (uint)_types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), (uint)_types.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), (uint)_strings.Count);
        return [.. header, .. _types, .. _strings];
    }

    /// <summary>Packs u32 records (func_info, line_info) little-endian.</summary>
    public static byte[] Records(params uint[] words)
    {
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        return bytes;
    }

    private uint Add(uint nameOffset, uint kind, uint vlen, uint sizeOrType, params uint[] tail)
    {
        _types.AddRange(Records([nameOffset, (kind << 24) | vlen, sizeOrType, .. tail]));
        return _nextId++;
    }
}
