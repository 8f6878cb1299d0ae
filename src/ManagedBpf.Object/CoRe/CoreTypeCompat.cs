using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// The two compatibility relations CO-RE uses (libbpf relo_core.c). Both skip typedefs and modifiers and are
/// deliberately loose: sizes and signedness of ints, array lengths and member lists are not compared.
/// </summary>
internal static class CoreTypeCompat
{
    /// <summary>libbpf passes 32 as the recursion level of bpf_core_types_are_compat.</summary>
    private const int MaxLevel = 32;

    /// <summary>
    /// bpf_core_fields_are_compat: may a field of the local type be relocated to a field of the target type?
    /// Any struct/union pair is compatible; pointers and floats always; enums and forwards if their essential
    /// names agree or one is anonymous; ints unless one is a deprecated bit-offset int; arrays by element.
    /// </summary>
    public static bool FieldsAreCompatible(BtfSpec localBtf, int localId, BtfSpec targetBtf, int targetId)
    {
        for (var depth = 0; ; depth++)
        {
            if (depth > BtfWire.MaxResolveDepth)
                throw new CoreRelocationException($"array nesting of local [{localId}] is too deep");
            var local = localBtf.SkipModsAndTypedefs(localId, out localId);
            var target = targetBtf.SkipModsAndTypedefs(targetId, out targetId);
            if (local.IsComposite && target.IsComposite)
                return true;
            if (!BtfSpec.KindsCoreCompatible(local.Kind, target.Kind))
                return false;

            switch (local.Kind)
            {
                case BtfKind.Pointer or BtfKind.Float:
                    return true;
                case BtfKind.Forward or BtfKind.Enum or BtfKind.Enum64:
                    var localName = localBtf.GetStringBytes(local.NameOffset);
                    var targetName = targetBtf.GetStringBytes(target.NameOffset);
                    return BtfNames.EssentialLength(localName) == 0 || BtfNames.EssentialLength(targetName) == 0
                        || BtfNames.EssentialEquals(localName, targetName);
                case BtfKind.Int:
                    return local.IntOffset == 0 && target.IntOffset == 0;
                case BtfKind.Array:
                    localId = local.Array.ElementId;
                    targetId = target.Array.ElementId;
                    continue;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// bpf_core_types_are_compat (for TYPE_EXISTS, TYPE_SIZE, TYPE_ID_TARGET): the root kinds must agree;
    /// composites, enums and forwards are then compatible outright (names were matched by the candidate search),
    /// pointers and arrays by their targets, function prototypes by arity, parameters and return type.
    /// </summary>
    public static bool TypesAreCompatible(BtfSpec localBtf, int localId, BtfSpec targetBtf, int targetId)
    {
        // Function prototypes recurse per parameter; bound the total work as well as the depth (see CoreTypeMatch).
        var budget = 1 << 20;
        return TypesAreCompatible(localBtf, localId, targetBtf, targetId, MaxLevel, ref budget);
    }

    private static bool TypesAreCompatible(BtfSpec localBtf, int localId, BtfSpec targetBtf, int targetId, int level, ref int budget)
    {
        if (!BtfSpec.KindsCoreCompatible(localBtf.Raw(localId).Kind, targetBtf.Raw(targetId).Kind))
            return false;

        // libbpf's "depth = 32" bounds the loop over pointer/array/return-type links.
        for (var depth = 32; ;)
        {
            if (--depth < 0 || --budget < 0)
                throw new CoreRelocationException($"type [{localId}] nests too deeply to compare");
            var local = localBtf.SkipModsAndTypedefs(localId, out localId);
            var target = targetBtf.SkipModsAndTypedefs(targetId, out targetId);
            if (!BtfSpec.KindsCoreCompatible(local.Kind, target.Kind))
                return false;

            switch (local.Kind)
            {
                case BtfKind.Unknown or BtfKind.Struct or BtfKind.Union or BtfKind.Enum or BtfKind.Forward or BtfKind.Enum64:
                    return true;
                case BtfKind.Int:
                    return local.IntOffset == 0 && target.IntOffset == 0;
                case BtfKind.Pointer:
                    localId = (int)local.SizeOrType;
                    targetId = (int)target.SizeOrType;
                    continue;
                case BtfKind.Array:
                    localId = local.Array.ElementId;
                    targetId = target.Array.ElementId;
                    continue;
                case BtfKind.FunctionProto:
                    if (local.Vlen != target.Vlen)
                        return false;
                    for (var i = 0; i < local.Vlen; i++)
                    {
                        if (level <= 0)
                            throw new CoreRelocationException($"function prototype [{localId}] nests too deeply to compare");
                        localBtf.SkipModsAndTypedefs(local.Parameter(i).TypeId, out var localParameter);
                        targetBtf.SkipModsAndTypedefs(target.Parameter(i).TypeId, out var targetParameter);
                        if (!TypesAreCompatible(localBtf, localParameter, targetBtf, targetParameter, level - 1, ref budget))
                            return false;
                    }

                    // Then the return type, as libbpf's tail recursion does.
                    localBtf.SkipModsAndTypedefs((int)local.SizeOrType, out localId);
                    targetBtf.SkipModsAndTypedefs((int)target.SizeOrType, out targetId);
                    continue;
                default:
                    return false;
            }
        }
    }
}
