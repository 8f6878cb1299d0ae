using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// Computes the relocated value from a local and a (possibly absent) target spec: libbpf bpf_core_calc_relo,
/// bpf_core_calc_field_relo, bpf_core_calc_type_relo and bpf_core_calc_enumval_relo.
/// </summary>
/// <remarks>
/// Failures name no instruction: a record's offset is a byte offset in its section as .BTF.ext stores it, but an
/// instruction index once a function owns the record, so only the caller knows which it holds and says where.
/// </remarks>
internal static class CoreCalculator
{
    public static CoreCalculation Calculate(CoreRelocationRecord relo, CoreSpec local, CoreSpec? target)
    {
        var result = new CoreCalculation { Validate = true };
        bool poison;
        if (CoreKinds.IsFieldBased(relo.Kind))
        {
            poison = Field(relo, local, out result.OriginalValue, out result.OriginalSize, out result.OriginalTypeId, out result.Validate)
                || Field(relo, target, out result.NewValue, out result.NewSize, out result.NewTypeId, out _);
            if (!poison && result.OriginalSize != result.NewSize)
            {
                // Changing a load's width is only value-preserving for pointers (a 32-bit kernel pointer read
                // zero-extended) and unsigned ints; anything else poisons LDX/ST/STX (libbpf fail_memsz_adjust).
                var original = local.Btf.Raw(result.OriginalTypeId);
                var updated = target!.Btf.Raw(result.NewTypeId);
                var safe = (original.Kind == BtfKind.Pointer && updated.Kind == BtfKind.Pointer)
                    || (original.Kind == BtfKind.Int && updated.Kind == BtfKind.Int
                        && original.IntEncoding != BtfWire.IntSigned && updated.IntEncoding != BtfWire.IntSigned);
                result.FailMemorySizeAdjust = !safe;
            }
        }
        else if (CoreKinds.IsTypeBased(relo.Kind))
        {
            poison = false;
            result.OriginalValue = Type(relo, local);
            result.NewValue = Type(relo, target);
            // A type id embedded in an instruction may have changed during static linking: not checked.
            result.Validate = relo.Kind != CoreRelocationKind.TypeIdTarget;
        }
        else if (CoreKinds.IsEnumValueBased(relo.Kind))
        {
            poison = EnumValue(relo, local, out result.OriginalValue) || EnumValue(relo, target, out result.NewValue);
        }
        else
        {
            throw new CoreRelocationException($"unrecognized CO-RE relocation kind {(uint)relo.Kind}");
        }

        if (poison)
        {
            // libbpf's -EUCLEAN path: values stay as computed so far, only the poison flag matters.
            result.Poison = true;
        }

        return result;
    }

    /// <summary>bpf_core_calc_field_relo; returns true to request poisoning (no target spec).</summary>
    private static bool Field(CoreRelocationRecord relo, CoreSpec? spec, out ulong value, out uint fieldSize, out int typeId, out bool validate)
    {
        value = 0;
        fieldSize = 0;
        typeId = 0;
        validate = true;
        if (relo.Kind == CoreRelocationKind.FieldExists)
        {
            value = spec is null ? 0UL : 1UL;
            return false;
        }

        if (spec is null)
            return true;

        var btf = spec.Btf;
        var accessor = spec.Last;
        if (accessor.NameOffset is null)
        {
            // The path ends in an array element: a[n].
            switch (relo.Kind)
            {
                case CoreRelocationKind.FieldByteOffset:
                    value = (ulong)(spec.BitOffset / 8);
                    // The load size is the innermost element's, not the whole (possibly multi-dimensional) array's.
                    fieldSize = (uint)Size(btf, InnermostElement(btf, accessor.TypeId));
                    typeId = accessor.TypeId;
                    break;
                case CoreRelocationKind.FieldByteSize:
                    value = (ulong)Size(btf, accessor.TypeId);
                    break;
                default:
                    throw new CoreRelocationException($"relocation {CoreKinds.Name(relo.Kind)} can't be applied to array access");
            }

            return false;
        }

        var composite = btf.Raw(accessor.TypeId);
        var member = composite.Member(accessor.Index);
        var memberType = btf.SkipModsAndTypedefs(member.TypeId, out var fieldTypeId);
        var bitOffset = (ulong)spec.BitOffset;
        ulong bitSize = composite.MemberBitfieldSize(accessor.Index);
        var bitfield = bitSize > 0;
        ulong byteSize, byteOffset;
        if (bitfield)
        {
            // Smallest naturally aligned load (starting from the declared type's size) that covers the bits.
            byteSize = memberType.SizeOrType;
            if (byteSize == 0)
                throw new CoreRelocationException($"bitfield member of [{accessor.TypeId}] has a zero-sized type");
            byteOffset = bitOffset / 8 / byteSize * byteSize;
            while (bitOffset + bitSize - (byteOffset * 8) > byteSize * 8)
            {
                if (byteSize >= 8)
                    throw new CoreRelocationException($"relocation {CoreKinds.Name(relo.Kind)} can't be satisfied for bitfield");
                byteSize *= 2;
                byteOffset = bitOffset / 8 / byteSize * byteSize;
            }
        }
        else
        {
            byteSize = (ulong)Size(btf, fieldTypeId);
            byteOffset = bitOffset / 8;
            bitSize = byteSize * 8;
        }

        // For bitfields the compiler's and our choice of load may legitimately differ: don't validate.
        validate = !bitfield;
        switch (relo.Kind)
        {
            case CoreRelocationKind.FieldByteOffset:
                value = byteOffset;
                if (!bitfield)
                {
                    fieldSize = (uint)Size(btf, InnermostElement(btf, fieldTypeId));
                    typeId = fieldTypeId;
                }

                break;
            case CoreRelocationKind.FieldByteSize:
                value = byteSize;
                break;
            case CoreRelocationKind.FieldSigned:
                value = (memberType.IsAnyEnum && memberType.KindFlag)
                    || (memberType.Kind == BtfKind.Int && (memberType.IntEncoding & BtfWire.IntSigned) != 0) ? 1UL : 0UL;
                validate = true;
                break;
            case CoreRelocationKind.FieldLShiftU64:
                // Little-endian: shift the field's top bit up to bit 63 of the loaded u64.
                value = 64 - (bitOffset + bitSize - (byteOffset * 8));
                break;
            case CoreRelocationKind.FieldRShiftU64:
                value = 64 - bitSize;
                validate = true;
                break;
            default:
                throw new CoreRelocationException($"unrecognized field relocation {(uint)relo.Kind}");
        }

        return false;
    }

    /// <summary>bpf_core_calc_type_relo: 0 when there is no target; else id, 1, or the size.</summary>
    private static ulong Type(CoreRelocationRecord relo, CoreSpec? spec)
    {
        if (spec is null)
            return 0;
        return relo.Kind switch
        {
            CoreRelocationKind.TypeIdTarget => (ulong)spec.RootTypeId,
            CoreRelocationKind.TypeExists or CoreRelocationKind.TypeMatches => 1,
            CoreRelocationKind.TypeSize => (ulong)Size(spec.Btf, spec.RootTypeId),
            _ => throw new CoreRelocationException($"unrecognized type relocation {(uint)relo.Kind}"),
        };
    }

    /// <summary>bpf_core_calc_enumval_relo; returns true to request poisoning.</summary>
    private static bool EnumValue(CoreRelocationRecord relo, CoreSpec? spec, out ulong value)
    {
        value = 0;
        if (relo.Kind == CoreRelocationKind.EnumValueExists)
        {
            value = spec is null ? 0UL : 1UL;
            return false;
        }

        if (spec is null)
            return true;
        var accessor = spec.Accessors[0];
        value = spec.Btf.Raw(accessor.TypeId).EnumeratorValue(accessor.Index);
        return false;
    }

    private static int InnermostElement(BtfSpec btf, int id)
    {
        var t = btf.SkipModsAndTypedefs(id, out id);
        for (var depth = 0; t.Kind == BtfKind.Array; depth++)
        {
            if (depth == BtfWire.MaxResolveDepth)
                throw new CoreRelocationException($"array [{id}] nests too deeply");
            t = btf.SkipModsAndTypedefs(t.Array.ElementId, out id);
        }

        return id;
    }

    private static long Size(BtfSpec btf, int id)
    {
        var size = btf.TryResolveSize(id);
        return size >= 0 ? size : throw new CoreRelocationException($"type [{id}] has no size");
    }
}
