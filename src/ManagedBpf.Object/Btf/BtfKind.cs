namespace ManagedBpf.Btf;

/// <summary>
/// The kind of a BTF type: <c>BTF_KIND_*</c> from include/uapi/linux/btf.h, stored in bits 24..28 of
/// <c>btf_type.info</c>.
/// </summary>
public enum BtfKind : byte
{
    /// <summary>BTF_KIND_UNKN: only type id 0 (void) has it.</summary>
    Unknown = 0,

    /// <summary>BTF_KIND_INT.</summary>
    Int = 1,

    /// <summary>BTF_KIND_PTR.</summary>
    Pointer = 2,

    /// <summary>BTF_KIND_ARRAY.</summary>
    Array = 3,

    /// <summary>BTF_KIND_STRUCT.</summary>
    Struct = 4,

    /// <summary>BTF_KIND_UNION.</summary>
    Union = 5,

    /// <summary>BTF_KIND_ENUM (32-bit values).</summary>
    Enum = 6,

    /// <summary>BTF_KIND_FWD: a forward declaration of a struct or union.</summary>
    Forward = 7,

    /// <summary>BTF_KIND_TYPEDEF.</summary>
    Typedef = 8,

    /// <summary>BTF_KIND_VOLATILE.</summary>
    Volatile = 9,

    /// <summary>BTF_KIND_CONST.</summary>
    Const = 10,

    /// <summary>BTF_KIND_RESTRICT.</summary>
    Restrict = 11,

    /// <summary>BTF_KIND_FUNC: a function, pointing at its prototype.</summary>
    Function = 12,

    /// <summary>BTF_KIND_FUNC_PROTO.</summary>
    FunctionProto = 13,

    /// <summary>BTF_KIND_VAR: a global or static variable.</summary>
    Variable = 14,

    /// <summary>BTF_KIND_DATASEC: an ELF data section and the variables in it.</summary>
    DataSection = 15,

    /// <summary>BTF_KIND_FLOAT.</summary>
    Float = 16,

    /// <summary>BTF_KIND_DECL_TAG.</summary>
    DeclTag = 17,

    /// <summary>BTF_KIND_TYPE_TAG.</summary>
    TypeTag = 18,

    /// <summary>BTF_KIND_ENUM64 (64-bit values).</summary>
    Enum64 = 19,
}
