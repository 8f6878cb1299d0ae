using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>Groupings of relocation kinds (libbpf core_relo_is_field_based and friends).</summary>
internal static class CoreKinds
{
    public static bool IsFieldBased(CoreRelocationKind kind) => kind <= CoreRelocationKind.FieldRShiftU64;

    public static bool IsTypeBased(CoreRelocationKind kind) =>
        kind is >= CoreRelocationKind.TypeIdLocal and <= CoreRelocationKind.TypeSize or CoreRelocationKind.TypeMatches;

    public static bool IsEnumValueBased(CoreRelocationKind kind) =>
        kind is CoreRelocationKind.EnumValueExists or CoreRelocationKind.EnumValue;

    /// <summary>libbpf core_relo_kind_str.</summary>
    public static string Name(CoreRelocationKind kind) => kind switch
    {
        CoreRelocationKind.FieldByteOffset => "byte_off",
        CoreRelocationKind.FieldByteSize => "byte_sz",
        CoreRelocationKind.FieldExists => "field_exists",
        CoreRelocationKind.FieldSigned => "signed",
        CoreRelocationKind.FieldLShiftU64 => "lshift_u64",
        CoreRelocationKind.FieldRShiftU64 => "rshift_u64",
        CoreRelocationKind.TypeIdLocal => "local_type_id",
        CoreRelocationKind.TypeIdTarget => "target_type_id",
        CoreRelocationKind.TypeExists => "type_exists",
        CoreRelocationKind.TypeMatches => "type_matches",
        CoreRelocationKind.TypeSize => "type_size",
        CoreRelocationKind.EnumValueExists => "enumval_exists",
        CoreRelocationKind.EnumValue => "enumval_value",
        _ => $"unknown({(uint)kind})",
    };
}
