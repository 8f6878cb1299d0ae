using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// Turns a relocation's access string ("0:1:2") and root type into a <see cref="CoreSpec"/> over the local
/// (object) BTF, computing the field's bit offset on the way: libbpf bpf_core_parse_spec.
/// </summary>
internal static class CoreSpecParser
{
    public static CoreSpec Parse(BtfSpec btf, CoreRelocationRecord relo)
    {
        var text = btf.GetStringBytes(relo.AccessStringOffset);
        if (text.IsEmpty || text[0] == ':')
            throw Invalid(btf, relo, "empty or malformed access string");

        var rootId = (int)relo.TypeId;
        var spec = new CoreSpec(btf, rootId, relo.Kind);
        // Type-based relocations carry no path; clang always writes "0".
        if (CoreKinds.IsTypeBased(relo.Kind))
            return text.SequenceEqual("0"u8) ? spec : throw Invalid(btf, relo, "type relocation with an access string other than \"0\"");

        ParseRaw(btf, relo, text, spec.Raw);
        var t = btf.SkipModsAndTypedefs(rootId, out var id);
        var index = spec.Raw[0];

        if (CoreKinds.IsEnumValueBased(relo.Kind))
        {
            if (!t.IsAnyEnum || spec.Raw.Count > 1 || index >= t.Vlen)
                throw Invalid(btf, relo, "enumerator relocation that does not name an enumerator");
            spec.Accessors.Add(new CoreAccessor(id, index, t.EnumeratorNameOffset(index)));
            return spec;
        }

        if (!CoreKinds.IsFieldBased(relo.Kind))
            throw Invalid(btf, relo, $"unknown relocation kind {(uint)relo.Kind}");

        spec.Accessors.Add(new CoreAccessor(id, index, null));
        spec.BitOffset = index * Size(btf, relo, id) * 8;
        for (var i = 1; i < spec.Raw.Count; i++)
        {
            t = btf.SkipModsAndTypedefs(id, out id);
            index = spec.Raw[i];
            if (t.IsComposite)
            {
                if (index >= t.Vlen)
                    throw Invalid(btf, relo, $"member index {index} out of range for [{id}]");
                spec.BitOffset += t.MemberBitOffset(index);
                var member = t.Member(index);
                // Anonymous members (embedded structs/unions) appear only in the raw spec.
                if (member.NameOffset != 0)
                {
                    if (btf.GetStringBytes(member.NameOffset).IsEmpty)
                        throw Invalid(btf, relo, $"member {index} of [{id}] has an empty name");
                    spec.Accessors.Add(new CoreAccessor(id, index, member.NameOffset));
                }

                id = member.TypeId;
            }
            else if (t.Kind == BtfKind.Array)
            {
                var array = t.Array;
                btf.SkipModsAndTypedefs(array.ElementId, out id);
                var flexible = CoreSpec.IsFlexibleArray(btf, spec.Last, array.Count);
                if (!flexible && (uint)index >= array.Count)
                    throw Invalid(btf, relo, $"array index {index} out of range ({array.Count} elements)");
                spec.Accessors.Add(new CoreAccessor(id, index, null));
                spec.BitOffset += index * Size(btf, relo, id) * 8;
            }
            else
            {
                throw Invalid(btf, relo, $"access step {i} reaches [{id}] of kind {t.Kind}, which has no members");
            }
        }

        return spec;
    }

    /// <summary>Splits "a:b:c" into non-negative ints; at most <see cref="CoreSpec.MaxLength"/> of them.</summary>
    private static void ParseRaw(BtfSpec btf, CoreRelocationRecord relo, ReadOnlySpan<byte> text, List<int> raw)
    {
        var position = 0;
        while (position < text.Length)
        {
            if (text[position] == ':')
                position++;
            long value = 0;
            var start = position;
            while (position < text.Length && text[position] is >= (byte)'0' and <= (byte)'9')
            {
                value = (value * 10) + (text[position] - '0');
                if (value > int.MaxValue)
                    throw Invalid(btf, relo, "access string index overflows");
                position++;
            }

            if (position == start)
                throw Invalid(btf, relo, "malformed access string");
            if (raw.Count == CoreSpec.MaxLength)
                throw Invalid(btf, relo, $"access string longer than {CoreSpec.MaxLength} steps");
            raw.Add((int)value);
        }
    }

    private static long Size(BtfSpec btf, CoreRelocationRecord relo, int id)
    {
        var size = btf.TryResolveSize(id);
        return size >= 0 ? size : throw Invalid(btf, relo, $"type [{id}] has no size");
    }

    private static CoreRelocationException Invalid(BtfSpec btf, CoreRelocationRecord relo, string why)
    {
        string access;
        try
        {
            access = btf.GetString(relo.AccessStringOffset);
        }
        catch (BpfFormatException)
        {
            access = "<?>";
        }

        return new CoreRelocationException($"CO-RE relocation <{CoreKinds.Name(relo.Kind)}> on [{relo.TypeId}] + \"{access}\": {why}");
    }
}
