namespace ManagedBpf.Btf;

/// <summary>BTF kinds and encodings a kernel may lack, each with the first kernel that accepts it.</summary>
[Flags]
public enum BtfFeatures
{
    /// <summary>Only the BTF kinds every BTF-capable kernel takes (4.18).</summary>
    None = 0,

    /// <summary>FUNC and FUNC_PROTO (5.0).</summary>
    Function = 1 << 0,

    /// <summary>FUNC with global linkage (5.6).</summary>
    GlobalFunction = 1 << 1,

    /// <summary>VAR and DATASEC (5.2).</summary>
    DataSection = 1 << 2,

    /// <summary>FLOAT (5.13).</summary>
    Float = 1 << 3,

    /// <summary>DECL_TAG (5.16).</summary>
    DeclTag = 1 << 4,

    /// <summary>TYPE_TAG (5.17).</summary>
    TypeTag = 1 << 5,

    /// <summary>ENUM64 and signed ENUM (6.0).</summary>
    Enum64 = 1 << 6,

    /// <summary>Every kind above: what a 6.0 or later kernel takes.</summary>
    All = Function | GlobalFunction | DataSection | Float | DeclTag | TypeTag | Enum64,
}
