using System.Buffers.Binary;

namespace ManagedBpf.Btf;

/// <summary>
/// Writes func_info and line_info for BPF_PROG_LOAD (<c>func_info</c>/<c>line_info</c> with
/// <c>func_info_rec_size</c> = <see cref="FuncInfoSize"/>, <c>line_info_rec_size</c> = <see cref="LineInfoSize"/>).
/// </summary>
/// <remarks>
/// The kernel wants <c>insn_off</c> in INSTRUCTIONS from the start of the program, whereas .BTF.ext stores
/// bytes from the start of the ELF section. The caller rebases (subtract the program's section offset, divide by
/// 8, add where the program landed after linking subprograms) and passes records whose
/// <see cref="FuncInfo.InstructionOffset"/>/<see cref="LineInfo.InstructionOffset"/> already are instruction
/// indices; they are written unchanged. The kernel also requires func_info sorted by insn_off with the first at 0.
/// </remarks>
internal static class BtfExtEncoding
{
    /// <summary>sizeof(struct bpf_func_info).</summary>
    public const int FuncInfoSize = 8;

    /// <summary>sizeof(struct bpf_line_info).</summary>
    public const int LineInfoSize = 16;

    /// <summary>Writes one <c>struct bpf_func_info</c> (insn_off, type_id) at the start of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, FuncInfo record)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, record.InstructionOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], record.TypeId);
    }

    /// <summary>Writes one <c>struct bpf_line_info</c> (insn_off, file_name_off, line_off, line_col) at the start of <paramref name="destination"/>.</summary>
    public static void Write(Span<byte> destination, LineInfo record)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, record.InstructionOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], record.FileNameOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], record.LineOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], record.LineColumn);
    }
}
