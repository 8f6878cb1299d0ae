using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// The stricter TYPE_MATCHES relation (libbpf __bpf_core_types_match): names must agree (modulo flavor) at
/// every level, ints by size and signedness, arrays by length, every local member/enumerator must exist in the
/// target, function prototypes position by position. Behind a pointer a struct/union also matches a forward
/// declaration of the same flavor, and members are no longer compared recursively.
/// </summary>
internal static class CoreTypeMatch
{
    private const int MaxLevel = 32;

    /// <summary>
    /// Bounds the total work. libbpf relies on depth limits alone, but with members matched pairwise a malformed
    /// BTF (a struct containing itself by value) makes that exponential; real kernel types need far fewer steps.
    /// </summary>
    private const int MaxSteps = 1 << 20;

    public static bool TypesMatch(BtfSpec localBtf, int localId, BtfSpec targetBtf, int targetId)
    {
        var budget = MaxSteps;
        return Match(localBtf, localId, targetBtf, targetId, behindPointer: false, MaxLevel, ref budget);
    }

    private static bool Match(BtfSpec localBtf, int localId, BtfSpec targetBtf, int targetId, bool behindPointer, int level, ref int budget)
    {
        if (level <= 0)
            throw new CoreRelocationException($"type [{localId}] nests too deeply to match");

        for (var depth = 32; ;)
        {
            if (--depth < 0 || --budget < 0)
                throw new CoreRelocationException($"type [{localId}] nests too deeply to match");
            var local = localBtf.SkipModsAndTypedefs(localId, out localId);
            var target = targetBtf.SkipModsAndTypedefs(targetId, out targetId);
            if (!NamesMatch(localBtf, local.NameOffset, targetBtf, target.NameOffset))
                return false;

            switch (local.Kind)
            {
                case BtfKind.Unknown:
                    return target.Kind == BtfKind.Unknown;
                case BtfKind.Forward:
                    if (behindPointer && target.Kind != BtfKind.Forward)
                        return target.Kind == (local.KindFlag ? BtfKind.Union : BtfKind.Struct);
                    return target.Kind == BtfKind.Forward && local.KindFlag == target.KindFlag;
                case BtfKind.Enum or BtfKind.Enum64:
                    return target.IsAnyEnum && EnumsMatch(localBtf, local, targetBtf, target);
                case BtfKind.Struct or BtfKind.Union:
                    if (behindPointer)
                    {
                        if (local.Kind == target.Kind)
                            return true;
                        return target.Kind == BtfKind.Forward && (local.Kind == BtfKind.Union) == target.KindFlag;
                    }

                    return local.Kind == target.Kind && CompositesMatch(localBtf, local, targetBtf, target, behindPointer, level, ref budget);
                case BtfKind.Int:
                    return target.Kind == BtfKind.Int && local.SizeOrType == target.SizeOrType
                        && (local.IntEncoding & BtfWire.IntSigned) == (target.IntEncoding & BtfWire.IntSigned);
                case BtfKind.Pointer:
                    if (target.Kind != BtfKind.Pointer)
                        return false;
                    behindPointer = true;
                    localId = (int)local.SizeOrType;
                    targetId = (int)target.SizeOrType;
                    continue;
                case BtfKind.Array:
                    if (target.Kind != BtfKind.Array || local.Array.Count != target.Array.Count)
                        return false;
                    localId = local.Array.ElementId;
                    targetId = target.Array.ElementId;
                    continue;
                case BtfKind.FunctionProto:
                    if (target.Kind != BtfKind.FunctionProto || local.Vlen != target.Vlen)
                        return false;
                    for (var i = 0; i < local.Vlen; i++)
                    {
                        if (!Match(localBtf, local.Parameter(i).TypeId, targetBtf, target.Parameter(i).TypeId, behindPointer, level - 1, ref budget))
                            return false;
                    }

                    localId = (int)local.SizeOrType;
                    targetId = (int)target.SizeOrType;
                    continue;
                default:
                    return false;
            }
        }
    }

    /// <summary>bpf_core_names_match: an anonymous target matches only an anonymous local; else essential names.</summary>
    private static bool NamesMatch(BtfSpec localBtf, uint localName, BtfSpec targetBtf, uint targetName)
    {
        var local = localBtf.GetStringBytes(localName);
        var target = targetBtf.GetStringBytes(targetName);
        return target.IsEmpty ? local.IsEmpty : BtfNames.EssentialEquals(local, target);
    }

    /// <summary>bpf_core_enums_match: equal sizes, and every local enumerator name exists in the target.</summary>
    private static bool EnumsMatch(BtfSpec localBtf, BtfRawType local, BtfSpec targetBtf, BtfRawType target)
    {
        if (local.SizeOrType != target.SizeOrType || local.Vlen > target.Vlen)
            return false;
        for (var i = 0; i < local.Vlen; i++)
        {
            var matched = false;
            for (var j = 0; j < target.Vlen && !matched; j++)
                matched = NamesMatch(localBtf, local.EnumeratorNameOffset(i), targetBtf, target.EnumeratorNameOffset(j));
            if (!matched)
                return false;
        }

        return true;
    }

    /// <summary>bpf_core_composites_match: every local member has a same-named target member whose type matches.</summary>
    private static bool CompositesMatch(BtfSpec localBtf, BtfRawType local, BtfSpec targetBtf, BtfRawType target, bool behindPointer, int level, ref int budget)
    {
        if (local.Vlen > target.Vlen)
            return false;
        for (var i = 0; i < local.Vlen; i++)
        {
            var localMember = local.Member(i);
            var matched = false;
            for (var j = 0; j < target.Vlen && !matched; j++)
            {
                var targetMember = target.Member(j);
                matched = NamesMatch(localBtf, localMember.NameOffset, targetBtf, targetMember.NameOffset)
                    && Match(localBtf, localMember.TypeId, targetBtf, targetMember.TypeId, behindPointer, level - 1, ref budget);
            }

            if (!matched)
                return false;
        }

        return true;
    }
}
