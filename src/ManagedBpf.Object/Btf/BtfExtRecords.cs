namespace ManagedBpf.Btf;

/// <summary>
/// One <c>struct bpf_func_info</c> from .BTF.ext: a function (BTF FUNC type) starting at an instruction.
/// </summary>
/// <param name="InstructionOffset">As in the file: a BYTE offset from the start of the ELF section.</param>
/// <param name="TypeId">The FUNC type id in the object's BTF.</param>
public readonly record struct FuncInfo(uint InstructionOffset, uint TypeId);

/// <summary>One <c>struct bpf_line_info</c> from .BTF.ext: source position of an instruction.</summary>
/// <param name="InstructionOffset">As in the file: a BYTE offset from the start of the ELF section.</param>
/// <param name="FileNameOffset">Offset of the file name in the .BTF string section.</param>
/// <param name="LineOffset">Offset of the source line text in the .BTF string section.</param>
/// <param name="LineColumn">Line number in the high 22 bits, column in the low 10 (BPF_LINE_INFO_LINE_NUM/LINE_COL).</param>
public readonly record struct LineInfo(uint InstructionOffset, uint FileNameOffset, uint LineOffset, uint LineColumn)
{
    /// <summary>The 1-based source line.</summary>
    public uint Line => LineColumn >> 10;

    /// <summary>The source column.</summary>
    public uint Column => LineColumn & 0x3ff;
}

/// <summary>One <c>struct bpf_core_relo</c> from .BTF.ext.</summary>
/// <param name="InstructionOffset">As in the file: a BYTE offset from the start of the ELF section.</param>
/// <param name="TypeId">The local (object BTF) root type.</param>
/// <param name="AccessStringOffset">Offset of the access string ("0:1:2") in the .BTF string section.</param>
/// <param name="Kind">What to compute.</param>
public readonly record struct CoreRelocationRecord(uint InstructionOffset, uint TypeId, uint AccessStringOffset, CoreRelocationKind Kind);

/// <summary><c>enum bpf_core_relo_kind</c> (include/uapi/linux/bpf.h).</summary>
public enum CoreRelocationKind : uint
{
    /// <summary>BPF_CORE_FIELD_BYTE_OFFSET: field offset in bytes.</summary>
    FieldByteOffset = 0,

    /// <summary>BPF_CORE_FIELD_BYTE_SIZE: field size in bytes.</summary>
    FieldByteSize = 1,

    /// <summary>BPF_CORE_FIELD_EXISTS: 1 if the field exists in the target.</summary>
    FieldExists = 2,

    /// <summary>BPF_CORE_FIELD_SIGNED: 1 if the field is signed.</summary>
    FieldSigned = 3,

    /// <summary>BPF_CORE_FIELD_LSHIFT_U64: left shift to extract a bitfield from a u64 load.</summary>
    FieldLShiftU64 = 4,

    /// <summary>BPF_CORE_FIELD_RSHIFT_U64: right shift to extract a bitfield.</summary>
    FieldRShiftU64 = 5,

    /// <summary>BPF_CORE_TYPE_ID_LOCAL: the type id in the object's BTF.</summary>
    TypeIdLocal = 6,

    /// <summary>BPF_CORE_TYPE_ID_TARGET: the matching type id in the kernel's BTF.</summary>
    TypeIdTarget = 7,

    /// <summary>BPF_CORE_TYPE_EXISTS: 1 if a compatible type exists in the target.</summary>
    TypeExists = 8,

    /// <summary>BPF_CORE_TYPE_SIZE: the target type's size.</summary>
    TypeSize = 9,

    /// <summary>BPF_CORE_ENUMVAL_EXISTS: 1 if the enumerator exists.</summary>
    EnumValueExists = 10,

    /// <summary>BPF_CORE_ENUMVAL_VALUE: the enumerator's value in the target.</summary>
    EnumValue = 11,

    /// <summary>BPF_CORE_TYPE_MATCHES: 1 if the target type matches the local one structurally.</summary>
    TypeMatches = 12,
}
