using System.Buffers.Binary;

namespace ManagedBpf.Btf;

/// <summary>
/// Encodes func_info and line_info for BPF_PROG_LOAD (<c>func_info</c>/<c>line_info</c> with
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

    /// <summary>Encodes <c>struct bpf_func_info</c> records (insn_off, type_id).</summary>
    public static byte[] EncodeFuncInfos(IEnumerable<FuncInfo> records)
    {
        var list = records as IReadOnlyCollection<FuncInfo> ?? records.ToList();
        var bytes = new byte[list.Count * FuncInfoSize];
        var span = bytes.AsSpan();
        foreach (var r in list)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, r.InstructionOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], r.TypeId);
            span = span[FuncInfoSize..];
        }

        return bytes;
    }

    /// <summary>Encodes <c>struct bpf_line_info</c> records (insn_off, file_name_off, line_off, line_col).</summary>
    public static byte[] EncodeLineInfos(IEnumerable<LineInfo> records)
    {
        var list = records as IReadOnlyCollection<LineInfo> ?? records.ToList();
        var bytes = new byte[list.Count * LineInfoSize];
        var span = bytes.AsSpan();
        foreach (var r in list)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(span, r.InstructionOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(span[4..], r.FileNameOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], r.LineOffset);
            BinaryPrimitives.WriteUInt32LittleEndian(span[12..], r.LineColumn);
            span = span[LineInfoSize..];
        }

        return bytes;
    }
}
