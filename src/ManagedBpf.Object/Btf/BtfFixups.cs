using System.Buffers.Binary;
using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

/// <summary>
/// Rewrites an object's BTF into what BPF_BTF_LOAD accepts (libbpf bpf_object_fixup_btf / btf_fixup_datasec).
/// </summary>
internal static class BtfFixups
{
    /// <summary>
    /// Fills in what clang leaves zero in DATASEC types: the section size (from the ELF section header) and each
    /// VAR's offset (from its ELF symbol value); then sorts each DATASEC's entries by offset, as the kernel
    /// requires. Returns a new buffer; the spec's bytes are not modified.
    /// </summary>
    /// <param name="objectBtf">The object's parsed .BTF (not split).</param>
    /// <param name="sectionSize">ELF section size by name, or null when there is no such section.</param>
    /// <param name="symbolOffset">st_value of the GLOBAL/WEAK STT_OBJECT symbol (section, variable name), or null.</param>
    /// <param name="symbolIsHidden">
    /// Optional: true when that symbol has STV_HIDDEN or STV_INTERNAL visibility. libbpf then marks the VAR
    /// static, which is what makes the kernel treat it as not visible to user space.
    /// </param>
    /// <remarks>
    /// Following libbpf exactly:
    /// <list type="bullet">
    /// <item>A DATASEC whose size is already nonzero (the output of bpftool gen object / the static linker) keeps its
    /// size and offsets; only the visibility rule and the sort apply.</item>
    /// <item>VARs with static or extern linkage are skipped: statics have no global symbol to look up (clang
    /// already placed them), and externs are resolved by the extern machinery, not here.</item>
    /// <item><c>.kconfig</c> and <c>.ksyms</c> (extern-backing sections) are only sorted: their sizes, offsets and
    /// linkage come from the extern layout (<see cref="BtfExternFixups"/>, applied before this).</item>
    /// <item>No kind is rewritten here: kinds the running kernel lacks are <see cref="BtfSanitizer"/>'s work, after this.</item>
    /// </list>
    /// </remarks>
    /// <exception cref="BpfFormatException">A DATASEC names a section or variable missing from the ELF, or holds a non-VAR.</exception>
    public static byte[] FixDataSections(
        BtfSpec objectBtf,
        Func<string, uint?> sectionSize,
        Func<string, string, uint?> symbolOffset,
        Func<string, string, bool>? symbolIsHidden = null)
    {
        if (objectBtf.Base is not null)
            throw new ArgumentException("an object's BTF is never split", nameof(objectBtf));
        var bytes = objectBtf.RawBytes.ToArray();
        var types = objectBtf.EnumerateOwn();
        while (types.MoveNext())
        {
            var t = types.Current;
            if (t.Kind == BtfKind.DataSection)
                FixDataSection(objectBtf, t, bytes, sectionSize, symbolOffset, symbolIsHidden);
        }

        return bytes;
    }

    /// <summary>
    /// Gives the first global FUNC of each of <paramref name="names"/> static linkage, in place (libbpf does this in
    /// bpf_object__sanitize_and_load_btf for hidden global subprograms).
    /// </summary>
    /// <param name="btf">The BTF whose layout <paramref name="bytes"/> has.</param>
    /// <param name="bytes">The blob to modify.</param>
    /// <param name="names">The functions to make static.</param>
    internal static void MarkFunctionsStatic(BtfSpec btf, byte[] bytes, IReadOnlySet<string> names)
    {
        if (names.Count == 0)
            return;
        var pending = new HashSet<string>(names, StringComparer.Ordinal);
        var types = btf.EnumerateOwn();
        while (types.MoveNext() && pending.Count > 0)
        {
            var t = types.Current;
            if (t.Kind == BtfKind.Function && t.Vlen == (int)BtfFunctionLinkage.Global && pending.Remove(btf.GetString(t.NameOffset)))
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(t.Offset + 4), ((uint)BtfKind.Function << 24) | (uint)BtfFunctionLinkage.Static);
        }
    }

    private static void FixDataSection(
        BtfSpec btf, BtfRawType section, byte[] bytes, Func<string, uint?> sectionSize,
        Func<string, string, uint?> symbolOffset, Func<string, string, bool>? symbolIsHidden)
    {
        var name = btf.GetString(section.NameOffset);
        if (name is not (SectionNames.Kconfig or SectionNames.Ksyms))
        {
            var fixOffsets = false;
            if (section.SizeOrType == 0)
            {
                var size = sectionSize(name);
                if (size is null or 0)
                    throw new BpfFormatException($"DATASEC '{name}': no ELF section of nonzero size to take its size from", SectionNames.Btf, section.Offset);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(section.Offset + 8), size.Value);
                fixOffsets = true;
            }

            for (var i = 0; i < section.Vlen; i++)
            {
                var entry = section.SectionVariable(i);
                var variable = btf.Raw(entry.TypeId);
                if (variable.Kind != BtfKind.Variable)
                    throw new BpfFormatException($"DATASEC '{name}' entry {i} is a {variable.Kind}, not a VAR", SectionNames.Btf, section.TrailerOffset + (i * BtfWire.MemberSize));
                var linkage = (BtfVariableLinkage)variable.VariableLinkage;
                if (linkage is BtfVariableLinkage.Static or BtfVariableLinkage.GlobalExtern)
                    continue;

                var variableName = btf.GetString(variable.NameOffset);
                var offset = symbolOffset(name, variableName)
                    ?? throw new BpfFormatException($"DATASEC '{name}': no ELF symbol for VAR '{variableName}'", SectionNames.Btf, variable.Offset);
                if (fixOffsets)
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(section.TrailerOffset + (i * BtfWire.MemberSize) + 4), offset);
                if (symbolIsHidden?.Invoke(name, variableName) == true)
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(variable.TrailerOffset), (uint)BtfVariableLinkage.Static);
            }
        }

        SortByOffset(bytes.AsSpan(section.TrailerOffset, section.Vlen * BtfWire.MemberSize));
    }

    /// <summary>Sorts 12-byte btf_var_secinfo entries by their offset field (stable).</summary>
    private static void SortByOffset(Span<byte> entries)
    {
        var count = entries.Length / BtfWire.MemberSize;
        Span<byte> current = stackalloc byte[BtfWire.MemberSize];
        // Insertion sort: sections hold few variables and this keeps equal offsets in order.
        for (var i = 1; i < count; i++)
        {
            entries.Slice(i * BtfWire.MemberSize, BtfWire.MemberSize).CopyTo(current);
            var key = BinaryPrimitives.ReadUInt32LittleEndian(current[4..]);
            var j = i - 1;
            while (j >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(entries[((j * BtfWire.MemberSize) + 4)..]) > key)
            {
                entries.Slice(j * BtfWire.MemberSize, BtfWire.MemberSize).CopyTo(entries[((j + 1) * BtfWire.MemberSize)..]);
                j--;
            }

            current.CopyTo(entries[((j + 1) * BtfWire.MemberSize)..]);
        }
    }
}
