using System.Buffers.Binary;
using ManagedBpf.Elf;

namespace ManagedBpf.Btf;

/// <summary>
/// Rewrites the DATASECs that list externs (<c>.kconfig</c>, <c>.ksyms</c>) into what BPF_BTF_LOAD accepts, as
/// libbpf's bpf_object__collect_externs does: the kernel refuses VARs of extern linkage, FUNCs of extern linkage,
/// FUNCs inside a DATASEC and unnamed parameters of a global FUNC's prototype, all of which clang emits for
/// externs. The values the programs see do not depend on this; the BTF just has to describe the maps truthfully.
/// </summary>
internal static class BtfExternFixups
{
    /// <summary>libbpf's name for the VAR that stands in for kfuncs in <c>.ksyms</c>.</summary>
    private const string DummyKsymName = "dummy_ksym";

    /// <param name="objectBtf">The object's BTF as clang wrote it.</param>
    /// <param name="kconfigOffset">The offset libbpf's layout gives each kconfig extern in the <c>.kconfig</c> map.</param>
    /// <param name="kconfigSize">The <c>.kconfig</c> map's value size.</param>
    /// <returns>A new blob; the same bytes if there is no extern section.</returns>
    /// <exception cref="BpfFormatException">An extern section lists something that is not an extern.</exception>
    public static byte[] Fix(BtfSpec objectBtf, Func<string, int?> kconfigOffset, int kconfigSize)
    {
        var bytes = objectBtf.RawBytes.ToArray();
        var ksyms = objectBtf.FindTypeId(SectionNames.Ksyms, BtfKind.DataSection);
        var kconfig = objectBtf.FindTypeId(SectionNames.Kconfig, BtfKind.DataSection);
        if (kconfig > 0)
            FixKconfig(objectBtf, objectBtf.Raw(kconfig), bytes, kconfigOffset, kconfigSize);
        return ksyms > 0 ? FixKsyms(objectBtf, objectBtf.Raw(ksyms), bytes) : bytes;
    }

    /// <summary>Each VAR becomes global-allocated at its offset in the map; the DATASEC takes the map's size.</summary>
    private static void FixKconfig(BtfSpec btf, BtfRawType section, byte[] bytes, Func<string, int?> kconfigOffset, int size)
    {
        Word(bytes, section.Offset + 8, (uint)size);
        for (var i = 0; i < section.Vlen; i++)
        {
            var variable = Entry(btf, section, i, out var entry);
            var name = btf.GetString(variable.NameOffset);
            var offset = kconfigOffset(name)
                ?? throw new BpfFormatException($"{SectionNames.Kconfig} lists '{name}', which is no kconfig extern", SectionNames.Btf, variable.Offset);
            Word(bytes, variable.TrailerOffset, (uint)BtfVariableLinkage.GlobalAllocated);
            Word(bytes, entry + 4, (uint)offset);
        }
    }

    /// <summary>
    /// Every entry becomes a 4-byte global-allocated int at 4 × its index (what it describes is no memory of the
    /// object's); a FUNC entry is replaced by one shared VAR <c>dummy_ksym</c>, the FUNC itself made global, and its
    /// prototype's unnamed parameters take that VAR's name.
    /// </summary>
    private static byte[] FixKsyms(BtfSpec btf, BtfRawType section, byte[] bytes)
    {
        var intId = FirstInt32(btf);
        var dummyId = (uint)btf.TypeCount;
        var header = BtfHeader.Read(bytes, SectionNames.Btf);
        var dummyNameOffset = (uint)header.StringLength;
        var hasFunction = false;
        for (var i = 0; i < section.Vlen; i++)
        {
            var member = Entry(btf, section, i, out var entry);
            if (member.Kind == BtfKind.Function)
            {
                hasFunction = true;
                var prototype = btf.Raw((int)member.SizeOrType);
                for (var p = 0; prototype.Kind == BtfKind.FunctionProto && p < prototype.Vlen; p++)
                {
                    var (nameOffset, typeId) = prototype.Parameter(p);
                    if (typeId != 0 && nameOffset == 0)
                        Word(bytes, prototype.TrailerOffset + (p * 8), dummyNameOffset);
                }
                Word(bytes, entry, dummyId);
                Word(bytes, member.Offset + 4, (member.Info & ~0xffffu) | (uint)BtfFunctionLinkage.Global);
            }
            else
            {
                Word(bytes, member.TrailerOffset, (uint)BtfVariableLinkage.GlobalAllocated);
                Word(bytes, member.Offset + 8, (uint)intId);
            }
            Word(bytes, entry + 4, (uint)(i * 4));
            Word(bytes, entry + 8, 4);
        }
        Word(bytes, section.Offset + 8, (uint)(section.Vlen * 4));
        return hasFunction
            ? BtfBlobWriter.AppendType(bytes, DummyKsymName, BtfKind.Variable, (uint)intId, (uint)BtfVariableLinkage.GlobalAllocated)
            : bytes;
    }

    /// <summary>The i-th entry's VAR or FUNC, and the byte offset of its btf_var_secinfo.</summary>
    private static BtfRawType Entry(BtfSpec btf, BtfRawType section, int i, out int entry)
    {
        entry = section.TrailerOffset + (i * BtfWire.MemberSize);
        var member = btf.Raw(section.SectionVariable(i).TypeId);
        return member.Kind is BtfKind.Variable or BtfKind.Function
            ? member
            : throw new BpfFormatException($"extern section entry {i} is a {member.Kind}", SectionNames.Btf, entry);
    }

    /// <summary>libbpf find_int_btf_id: the first 32-bit INT, or 0.</summary>
    private static int FirstInt32(BtfSpec btf)
    {
        var types = btf.EnumerateOwn();
        while (types.MoveNext())
        {
            if (types.Current.Kind == BtfKind.Int && types.Current.IntBits == 32)
                return types.Current.Id;
        }
        return 0;
    }

    private static void Word(byte[] bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
}
