using System.Buffers.Binary;
using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

/// <summary>
/// Rewrites the kinds a kernel lacks into kinds it has, in place and size for size, as libbpf's
/// bpf_object__sanitize_btf does, so that an object built with a new clang still loads its BTF (and with it
/// func_info, line_info and map key/value types) on an older kernel. Which kinds are missing comes from
/// probing the kernel (<c>KernelFeatures.Btf</c> in the live project), never from its version number.
/// </summary>
internal static class BtfSanitizer
{
    private const string Enum64PlaceholderName = "enum64_placeholder";

    /// <summary>Returns <paramref name="rawBtf"/> unchanged when every feature is present, else a sanitized copy.</summary>
    public static byte[] Sanitize(byte[] rawBtf, BtfFeatures supported)
    {
        if ((supported & BtfFeatures.All) == BtfFeatures.All)
            return rawBtf;
        var spec = BtfSpec.Parse(rawBtf);
        var header = BtfHeader.Read(rawBtf, SectionNames.Btf);
        var bytes = (byte[])rawBtf.Clone();
        var placeholderId = spec.TypeCount;
        var needsPlaceholder = false;
        var types = spec.EnumerateOwn();
        while (types.MoveNext())
        {
            var t = types.Current;
            var at = t.Offset;
            switch (t.Kind)
            {
                case BtfKind.Variable when !supported.HasFlag(BtfFeatures.DataSection):
                case BtfKind.DeclTag when !supported.HasFlag(BtfFeatures.DeclTag):
                    // A VAR's linkage word and a DECL_TAG's component index become the INT encoding word.
                    Rewrite(bytes, at, BtfKind.Int, vlen: 0, nameOffset: t.Kind == BtfKind.DeclTag ? 0 : t.NameOffset, sizeOrType: 1);
                    Word(bytes, t.TrailerOffset, 8);
                    break;
                case BtfKind.DataSection when !supported.HasFlag(BtfFeatures.DataSection):
                    DataSectionToStruct(spec, t, bytes, header);
                    break;
                case BtfKind.FunctionProto when !supported.HasFlag(BtfFeatures.Function):
                    // Parameters (name, type) have the shape of enumerators (name, value); the kernel wants size 4.
                    Rewrite(bytes, at, BtfKind.Enum, t.Vlen, t.NameOffset, sizeOrType: 4);
                    break;
                case BtfKind.Function when !supported.HasFlag(BtfFeatures.Function):
                    Rewrite(bytes, at, BtfKind.Typedef, 0, t.NameOffset, t.SizeOrType);
                    break;
                case BtfKind.Function when !supported.HasFlag(BtfFeatures.GlobalFunction):
                    // Linkage lives in vlen: global becomes static.
                    Rewrite(bytes, at, BtfKind.Function, 0, t.NameOffset, t.SizeOrType);
                    break;
                case BtfKind.Float when !supported.HasFlag(BtfFeatures.Float):
                    // An anonymous empty struct of the same size: "float" is no valid struct name.
                    Rewrite(bytes, at, BtfKind.Struct, 0, 0, t.SizeOrType);
                    break;
                case BtfKind.TypeTag when !supported.HasFlag(BtfFeatures.TypeTag):
                    Rewrite(bytes, at, BtfKind.Const, 0, 0, t.SizeOrType);
                    break;
                case BtfKind.Enum when !supported.HasFlag(BtfFeatures.Enum64) && t.KindFlag:
                    // The kind flag (signed enumerators) came with ENUM64.
                    Rewrite(bytes, at, BtfKind.Enum, t.Vlen, t.NameOffset, t.SizeOrType);
                    break;
                case BtfKind.Enum64 when !supported.HasFlag(BtfFeatures.Enum64):
                    // A union of the same size whose members (name, type, offset) overlay the enumerators
                    // (name, lo32, hi32), each typed as a one-byte placeholder INT appended below.
                    Rewrite(bytes, at, BtfKind.Union, t.Vlen, t.NameOffset, t.SizeOrType);
                    for (var i = 0; i < t.Vlen; i++)
                    {
                        Word(bytes, t.TrailerOffset + (i * BtfWire.MemberSize) + 4, (uint)placeholderId);
                        Word(bytes, t.TrailerOffset + (i * BtfWire.MemberSize) + 8, 0);
                    }
                    needsPlaceholder = true;
                    break;
            }
        }
        // A one-byte unsigned INT: the member type of the unions that stand in for ENUM64s.
        return needsPlaceholder ? BtfBlobWriter.AppendType(bytes, Enum64PlaceholderName, BtfKind.Int, 1, 8) : bytes;
    }

    private static void DataSectionToStruct(BtfSpec spec, BtfRawType section, byte[] bytes, BtfHeader header)
    {
        // Section names start with '.', which no struct name may contain.
        var name = header.HeaderLength + header.StringOffset + (int)section.NameOffset;
        for (var i = name; i < bytes.Length && bytes[i] != 0; i++)
        {
            if (bytes[i] == (byte)'.')
                bytes[i] = (byte)'_';
        }
        Rewrite(bytes, section.Offset, BtfKind.Struct, section.Vlen, section.NameOffset, section.SizeOrType);
        for (var i = 0; i < section.Vlen; i++)
        {
            // btf_var_secinfo (type, offset, size) becomes btf_member (name, type, bit offset), named after the VAR.
            var (typeId, offset, _) = section.SectionVariable(i);
            var member = section.TrailerOffset + (i * BtfWire.MemberSize);
            Word(bytes, member, spec.Raw(typeId).NameOffset);
            Word(bytes, member + 4, (uint)typeId);
            Word(bytes, member + 8, offset * 8);
        }
    }

    private static void Rewrite(byte[] bytes, int at, BtfKind kind, int vlen, uint nameOffset, uint sizeOrType)
    {
        Word(bytes, at, nameOffset);
        Word(bytes, at + 4, ((uint)kind << 24) | (uint)vlen);
        Word(bytes, at + 8, sizeOrType);
    }

    private static void Word(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
}
