using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

/// <summary>Turns a <see cref="BtfRawType"/> into the public <see cref="BtfType"/> model.</summary>
internal static class BtfTypeDecoder
{
    private static readonly BtfVoid VoidType = new();

    public static BtfType Decode(BtfSpec spec, BtfRawType t)
    {
        if (t.IsVoid)
            return VoidType;
        var name = spec.GetString(t.NameOffset);
        var id = t.Id;
        return t.Kind switch
        {
            BtfKind.Int => new BtfInt(id, name, t.SizeOrType, (BtfIntEncoding)t.IntEncoding, t.IntOffset, t.IntBits),
            BtfKind.Pointer => new BtfPointer(id, name, (int)t.SizeOrType),
            BtfKind.Array => new BtfArray(id, name, t.Array.ElementId, t.Array.IndexId, t.Array.Count),
            BtfKind.Struct or BtfKind.Union => new BtfComposite(id, t.Kind, name, t.SizeOrType, Members(spec, t)),
            BtfKind.Enum or BtfKind.Enum64 => new BtfEnum(id, t.Kind, name, t.SizeOrType, t.KindFlag, Enumerators(spec, t)),
            BtfKind.Forward => new BtfForward(id, name, t.KindFlag),
            BtfKind.Typedef => new BtfTypedef(id, name, (int)t.SizeOrType),
            BtfKind.Volatile or BtfKind.Const or BtfKind.Restrict or BtfKind.TypeTag => new BtfQualifier(id, t.Kind, name, (int)t.SizeOrType),
            BtfKind.Function => new BtfFunction(id, name, (int)t.SizeOrType, (BtfFunctionLinkage)t.Vlen),
            BtfKind.FunctionProto => new BtfFunctionProto(id, name, (int)t.SizeOrType, Parameters(spec, t)),
            BtfKind.Variable => new BtfVariable(id, name, (int)t.SizeOrType, (BtfVariableLinkage)t.VariableLinkage),
            BtfKind.DataSection => new BtfDataSection(id, name, t.SizeOrType, SectionVariables(t)),
            BtfKind.Float => new BtfFloat(id, name, t.SizeOrType),
            BtfKind.DeclTag => new BtfDeclTag(id, name, (int)t.SizeOrType, t.DeclTagComponent),
            _ => throw new BpfFormatException($"unsupported BTF kind {(int)t.Kind}", SectionNames.Btf, t.Offset + 4),
        };
    }

    // Array sizes below come from vlen, whose bytes the parser has already seen in the blob, so they are bounded.
    private static BtfMember[] Members(BtfSpec spec, BtfRawType t)
    {
        var members = new BtfMember[t.Vlen];
        for (var i = 0; i < members.Length; i++)
        {
            var m = t.Member(i);
            members[i] = new BtfMember(spec.GetString(m.NameOffset), m.TypeId, t.MemberBitOffset(i), t.MemberBitfieldSize(i));
        }

        return members;
    }

    private static BtfEnumValue[] Enumerators(BtfSpec spec, BtfRawType t)
    {
        var values = new BtfEnumValue[t.Vlen];
        for (var i = 0; i < values.Length; i++)
        {
            var raw = t.EnumeratorValue(i);
            // A 32-bit unsigned enum keeps its value non-negative; EnumeratorValue sign-extends as libbpf's CO-RE does.
            var value = t.Kind == BtfKind.Enum && !t.KindFlag ? (long)(uint)raw : (long)raw;
            values[i] = new BtfEnumValue(spec.GetString(t.EnumeratorNameOffset(i)), value);
        }

        return values;
    }

    private static BtfParameter[] Parameters(BtfSpec spec, BtfRawType t)
    {
        var parameters = new BtfParameter[t.Vlen];
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = t.Parameter(i);
            parameters[i] = new BtfParameter(spec.GetString(p.NameOffset), p.TypeId);
        }

        return parameters;
    }

    private static BtfSectionVariable[] SectionVariables(BtfRawType t)
    {
        var variables = new BtfSectionVariable[t.Vlen];
        for (var i = 0; i < variables.Length; i++)
        {
            var v = t.SectionVariable(i);
            variables[i] = new BtfSectionVariable(v.TypeId, v.Offset, v.Size);
        }

        return variables;
    }
}
