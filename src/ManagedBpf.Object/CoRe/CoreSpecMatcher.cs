using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// Tries to follow a local spec in a candidate target type (libbpf bpf_core_spec_match and
/// bpf_core_match_member): members are found by exact name, searching through anonymous embedded
/// structs/unions; array steps keep their index. Returns null when the candidate does not match.
/// </summary>
internal static class CoreSpecMatcher
{
    public static CoreSpec? Match(CoreSpec local, BtfSpec target, int targetId)
    {
        var spec = new CoreSpec(target, targetId, local.Kind);
        if (CoreKinds.IsTypeBased(local.Kind))
        {
            var matches = local.Kind == CoreRelocationKind.TypeMatches
                ? CoreTypeMatch.TypesMatch(local.Btf, local.RootTypeId, target, targetId)
                : CoreTypeCompat.TypesAreCompatible(local.Btf, local.RootTypeId, target, targetId);
            return matches ? spec : null;
        }

        if (CoreKinds.IsEnumValueBased(local.Kind))
            return MatchEnumerator(local, spec, target, targetId) ? spec : null;

        for (var i = 0; i < local.Accessors.Count; i++)
        {
            var localAccessor = local.Accessors[i];
            var targetType = target.SkipModsAndTypedefs(targetId, out targetId);
            if (localAccessor.NameOffset is not null)
            {
                if (!MatchMember(local.Btf, localAccessor, target, targetId, spec, out targetId))
                    return null;
                continue;
            }

            // The first accessor indexes the root pointer, so it applies to the root type itself.
            if (i > 0)
            {
                if (targetType.Kind != BtfKind.Array)
                    return null;
                var array = targetType.Array;
                var flexible = CoreSpec.IsFlexibleArray(target, spec.Last, array.Count);
                if (!flexible && (uint)localAccessor.Index >= array.Count)
                    return null;
                target.SkipModsAndTypedefs(array.ElementId, out targetId);
            }

            if (spec.Raw.Count == CoreSpec.MaxLength)
                throw new CoreRelocationException($"target path through [{spec.RootTypeId}] nests deeper than {CoreSpec.MaxLength}");
            spec.Accessors.Add(new CoreAccessor(targetId, localAccessor.Index, null));
            spec.Raw.Add(localAccessor.Index);
            var size = target.TryResolveSize(targetId);
            if (size < 0)
                throw new CoreRelocationException($"target type [{targetId}] has no size");
            spec.BitOffset += localAccessor.Index * size * 8;
        }

        return spec;
    }

    /// <summary>Enumerators match by essential name (flavor suffixes ignored) in an enum or enum64 target.</summary>
    private static bool MatchEnumerator(CoreSpec local, CoreSpec spec, BtfSpec target, int targetId)
    {
        var targetType = target.SkipModsAndTypedefs(targetId, out targetId);
        if (!targetType.IsAnyEnum)
            return false;
        var localName = local.Btf.GetStringBytes(local.Accessors[0].NameOffset!.Value);
        for (var i = 0; i < targetType.Vlen; i++)
        {
            var nameOffset = targetType.EnumeratorNameOffset(i);
            if (!BtfNames.EssentialEquals(localName, target.GetStringBytes(nameOffset)))
                continue;
            spec.Accessors.Add(new CoreAccessor(targetId, i, nameOffset));
            spec.Raw.Add(i);
            return true;
        }

        return false;
    }

    /// <summary>
    /// libbpf bpf_core_match_member: scans the target composite's members, descending into anonymous ones,
    /// speculatively adding each member's bit offset and raw index and undoing them when it is not the one.
    /// </summary>
    private static bool MatchMember(BtfSpec localBtf, CoreAccessor localAccessor, BtfSpec target, int targetId, CoreSpec spec, out int nextTargetId)
    {
        nextTargetId = 0;
        var targetType = target.SkipModsAndTypedefs(targetId, out targetId);
        if (!targetType.IsComposite)
            return false;

        var localMember = localBtf.Raw(localAccessor.TypeId).Member(localAccessor.Index);
        var localName = localBtf.GetStringBytes(localMember.NameOffset);
        for (var i = 0; i < targetType.Vlen; i++)
        {
            if (spec.Raw.Count == CoreSpec.MaxLength)
                throw new CoreRelocationException($"target path through [{spec.RootTypeId}] nests deeper than {CoreSpec.MaxLength}");
            var bitOffset = targetType.MemberBitOffset(i);
            spec.BitOffset += bitOffset;
            spec.Raw.Add(i);

            var member = targetType.Member(i);
            var targetName = target.GetStringBytes(member.NameOffset);
            if (targetName.IsEmpty)
            {
                if (MatchMember(localBtf, localAccessor, target, member.TypeId, spec, out nextTargetId))
                    return true;
            }
            else if (targetName.SequenceEqual(localName))
            {
                // C member names are unique (anonymous members included), so this is the only candidate.
                nextTargetId = member.TypeId;
                if (!CoreTypeCompat.FieldsAreCompatible(localBtf, localMember.TypeId, target, member.TypeId))
                    return false;
                spec.Accessors.Add(new CoreAccessor(targetId, i, member.NameOffset));
                return true;
            }

            spec.BitOffset -= bitOffset;
            spec.Raw.RemoveAt(spec.Raw.Count - 1);
        }

        return false;
    }
}
