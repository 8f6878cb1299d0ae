using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

/// <summary>
/// The <c>.BTF.ext</c> section: per ELF section, function infos, line infos and CO-RE relocations
/// (struct btf_ext_header and the btf_ext_info_sec blocks, libbpf btf_ext_parse_info).
/// </summary>
/// <remarks>
/// Instruction offsets are kept exactly as in the file, in bytes from the start of the section named by the
/// key. Record sizes larger than the known structs are accepted (newer compilers may append fields) and only
/// the known prefix is read, as libbpf does.
/// </remarks>
public sealed class BtfExt
{

    /// <summary>The header up to and including line_info_len; CO-RE fields follow when hdr_len allows.</summary>
    private const int MinimumHeaderSize = 24;

    private BtfExt(
        IReadOnlyDictionary<string, IReadOnlyList<FuncInfo>> functionInfos,
        IReadOnlyDictionary<string, IReadOnlyList<LineInfo>> lineInfos,
        IReadOnlyDictionary<string, IReadOnlyList<CoreRelocationRecord>> coreRelocations)
    {
        FunctionInfos = functionInfos;
        LineInfos = lineInfos;
        CoreRelocations = coreRelocations;
    }

    /// <summary>bpf_func_info records per ELF section name (e.g. <c>tp/sched/sched_process_exec</c>, <c>.text</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<FuncInfo>> FunctionInfos { get; }

    /// <summary>bpf_line_info records per ELF section name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<LineInfo>> LineInfos { get; }

    /// <summary>bpf_core_relo records per ELF section name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<CoreRelocationRecord>> CoreRelocations { get; }

    /// <summary>Parses .BTF.ext; section names are looked up in <paramref name="btf"/>'s string section.</summary>
    /// <exception cref="BpfFormatException">The section is malformed (section <c>.BTF.ext</c>, with the byte offset).</exception>
    public static BtfExt Parse(ReadOnlyMemory<byte> data, BtfSpec btf)
    {
        var span = data.Span;
        if (span.Length < MinimumHeaderSize)
            throw new BpfFormatException($"{span.Length} bytes is too short for a .BTF.ext header", SectionNames.BtfExt, 0);
        var magic = (ushort)(span[0] | (span[1] << 8));
        if (magic != BtfWire.Magic)
            throw new BpfFormatException($"bad .BTF.ext magic 0x{magic:x4}", SectionNames.BtfExt, 0);
        if (span[2] != 1)
            throw new BpfFormatException($"unsupported .BTF.ext version {span[2]}", SectionNames.BtfExt, 2);
        var headerLength = BtfWire.U32(span, 4);
        if (headerLength < MinimumHeaderSize || headerLength > (uint)span.Length)
            throw new BpfFormatException($"bad .BTF.ext header length {headerLength}", SectionNames.BtfExt, 4);

        var functions = ReadInfo(span, (int)headerLength, 8, 8, btf, r => new FuncInfo(r[0], r[1]));
        var lines = ReadInfo(span, (int)headerLength, 16, 16, btf, r => new LineInfo(r[0], r[1], r[2], r[3]));
        // core_relo_off/len exist only in headers of at least 32 bytes (LLVM 10+).
        var relocations = headerLength >= 32
            ? ReadInfo(span, (int)headerLength, 24, 16, btf, r => new CoreRelocationRecord(r[0], r[1], r[2], (CoreRelocationKind)r[3]))
            : new Dictionary<string, IReadOnlyList<CoreRelocationRecord>>();
        return new BtfExt(functions, lines, relocations);
    }

    private delegate T RecordReader<out T>(ReadOnlySpan<uint> words);

    /// <summary>
    /// Reads one info block: <c>__u32 rec_size</c>, then <c>btf_ext_info_sec</c> headers (sec_name_off,
    /// num_info) each followed by num_info records. Mirrors libbpf btf_ext_parse_sec_info's checks.
    /// </summary>
    private static Dictionary<string, IReadOnlyList<T>> ReadInfo<T>(
        ReadOnlySpan<byte> data, int headerLength, int headerField, int minRecordSize, BtfSpec btf, RecordReader<T> read)
    {
        var result = new Dictionary<string, IReadOnlyList<T>>(StringComparer.Ordinal);
        var offset = BtfWire.U32(data, headerField);
        var length = BtfWire.U32(data, headerField + 4);
        if (length == 0)
            return result;
        var available = (uint)(data.Length - headerLength);
        if (offset % 4 != 0 || offset > available || length > available - offset)
            throw new BpfFormatException($"info block [{offset}, +{length}) is misaligned or outside the section", SectionNames.BtfExt, headerField);

        var start = headerLength + (int)offset;
        var end = start + (int)length;
        if (length < 4)
            throw new BpfFormatException("info block too short for its record size", SectionNames.BtfExt, start);
        var recordSize = BtfWire.U32(data, start);
        if (recordSize < minRecordSize || recordSize % 4 != 0 || recordSize > length)
            throw new BpfFormatException($"bad record size {recordSize}", SectionNames.BtfExt, start);

        Span<uint> words = stackalloc uint[4];
        var position = start + 4;
        while (position < end)
        {
            if (end - position < 8)
                throw new BpfFormatException("truncated btf_ext_info_sec header", SectionNames.BtfExt, position);
            var nameOffset = BtfWire.U32(data, position);
            var count = BtfWire.U32(data, position + 4);
            if (count == 0)
                throw new BpfFormatException("btf_ext_info_sec with no records", SectionNames.BtfExt, position + 4);
            var name = SectionNameAt(btf, nameOffset, position);
            position += 8;
            // Check the records fit before allocating anything sized by count.
            if (count > (uint)(end - position) / recordSize)
                throw new BpfFormatException($"{count} records of {recordSize} bytes overrun the info block", SectionNames.BtfExt, position - 4);

            var records = new T[count];
            for (var i = 0; i < records.Length; i++)
            {
                for (var w = 0; w < minRecordSize / 4; w++)
                    words[w] = BtfWire.U32(data, position + (w * 4));
                records[i] = read(words[..(minRecordSize / 4)]);
                position += (int)recordSize;
            }

            // libbpf walks every btf_ext_info_sec whose name matches a program's section, so repeated
            // blocks for one section simply add up.
            result[name] = result.TryGetValue(name, out var earlier) ? [.. earlier, .. records] : records;
        }

        return result;
    }

    private static string SectionNameAt(BtfSpec btf, uint nameOffset, int position)
    {
        try
        {
            var name = btf.GetString(nameOffset);
            return name.Length > 0 ? name : throw new BpfFormatException("empty section name", SectionNames.BtfExt, position);
        }
        catch (BpfFormatException e) when (e.Section != SectionNames.BtfExt)
        {
            throw new BpfFormatException($"section name offset {nameOffset} is not in .BTF strings", SectionNames.BtfExt, position, e);
        }
    }
}
