using ManagedBpf.Btf;
using ManagedBpf.Elf;
using ManagedBpf.Maps;

namespace ManagedBpf.Externs;

/// <summary>
/// Finds an object's externs and lays out its <c>.kconfig</c> map, as libbpf's bpf_object__collect_externs does:
/// each undefined global/weak symbol of no type is matched with the extern VAR or FUNC of its name in the BTF, and
/// with the DATASEC listing it (<c>.kconfig</c> or <c>.ksyms</c>). The result is sorted as libbpf sorts it
/// (kconfig before ksym; kconfig by descending alignment, then ascending size; then by name), and kconfig
/// offsets are assigned in that order, so the map's layout (and with it every instruction reading it) is libbpf's.
/// </summary>
internal static class ExternCollector
{
    /// <summary>libbpf's enum libbpf_tristate, the one enum a kconfig extern may have.</summary>
    private const string TristateEnumName = "libbpf_tristate";

    public static IReadOnlyList<ExternSpec> Collect(ElfObject elf, BtfSpec? btf)
    {
        var externs = new List<ExternSpec>();
        foreach (var symbol in elf.Symbols)
        {
            if (!IsExtern(symbol) || symbol.Name.Length == 0)
                continue;
            if (btf is null)
                throw Error($"extern '{symbol.Name}' needs the object's BTF to be typed (compile with -g)", symbol);
            externs.Add(Describe(btf, symbol));
        }
        externs.Sort(Compare);
        return AssignKconfigOffsets(externs);
    }

    /// <summary>libbpf sym_is_extern: undefined (SHN_UNDEF), global or weak, STT_NOTYPE.</summary>
    public static bool IsExtern(ElfSymbol symbol) =>
        symbol.SectionIndex == 0 && symbol.Type == ElfSymbolType.None &&
        symbol.Binding is ElfSymbolBinding.Global or ElfSymbolBinding.Weak;

    /// <summary>The size of the <c>.kconfig</c> map's single value: the end of the last kconfig extern.</summary>
    public static int KconfigSize(IReadOnlyList<ExternSpec> externs) =>
        externs.Where(e => e.Kind == ExternKind.Kconfig).Select(e => e.Offset + e.Size).DefaultIfEmpty(0).Max();

    private static ExternSpec Describe(BtfSpec btf, ElfSymbol symbol)
    {
        var id = FindExternType(btf, symbol);
        var type = btf.Raw(id);
        var section = FindSection(btf, id, symbol);
        var isFunction = type.Kind == BtfKind.Function;
        var extern_ = new ExternSpec
        {
            Name = symbol.Name,
            Kind = section == SectionNames.Kconfig ? ExternKind.Kconfig : ExternKind.Ksym,
            IsWeak = symbol.Binding == ElfSymbolBinding.Weak,
            BtfId = id,
            SymbolIndex = symbol.Index,
        };
        if (section == SectionNames.Kconfig)
        {
            if (isFunction)
                throw Error($"extern function '{symbol.Name}' cannot live in {SectionNames.Kconfig}", symbol);
            return DescribeKconfig(btf, symbol, extern_, (int)type.SizeOrType);
        }
        if (section != SectionNames.Ksyms)
            throw Error($"extern '{symbol.Name}' is in section '{section}'; externs live in {SectionNames.Kconfig} or {SectionNames.Ksyms}", symbol);
        btf.SkipModsAndTypedefs((int)type.SizeOrType, out var localType);
        return extern_ with { TypeId = localType, IsFunction = isFunction };
    }

    private static ExternSpec DescribeKconfig(BtfSpec btf, ElfSymbol symbol, ExternSpec extern_, int valueType)
    {
        long size;
        int alignment;
        try
        {
            size = btf.SizeOf(valueType);
            alignment = btf.AlignOf(valueType);
        }
        catch (BpfException e) when (e is not BpfFormatException)
        {
            throw Error($"extern (kcfg) '{symbol.Name}': {e.Message}", symbol);
        }
        if (size is <= 0 or > MapSpec.MaxInitialValueSize)
            throw Error($"extern (kcfg) '{symbol.Name}': size {size} is not a value size (1 to {MapSpec.MaxInitialValueSize} bytes)", symbol);
        var (kind, signed) = KconfigTypeOf(btf, valueType)
            ?? throw Error($"extern (kcfg) '{symbol.Name}': its type is none of bool, char, an integer, enum {TristateEnumName} or a char array", symbol);
        return extern_ with { KconfigType = kind, Size = (int)size, Alignment = alignment, IsSigned = signed };
    }

    /// <summary>libbpf find_kcfg_type.</summary>
    private static (KconfigType, bool Signed)? KconfigTypeOf(BtfSpec btf, int id)
    {
        var t = btf.SkipModsAndTypedefs(id, out _);
        switch (t.Kind)
        {
            case BtfKind.Int:
                if ((t.IntEncoding & BtfWire.IntBool) != 0)
                    return t.SizeOrType == 1 ? (KconfigType.Bool, false) : null;
                var signed = (t.IntEncoding & BtfWire.IntSigned) != 0;
                if (t.SizeOrType == 1)
                    return (KconfigType.Char, signed);
                return t.SizeOrType is 2 or 4 or 8 ? (KconfigType.Int, signed) : null;
            case BtfKind.Enum or BtfKind.Enum64:
                var tristate = btf.GetString(t.NameOffset) == TristateEnumName && (t.Kind == BtfKind.Enum64 || t.SizeOrType == 4);
                return tristate ? (KconfigType.Tristate, false) : null;
            case BtfKind.Array:
                return t.Array.Count > 0 && KconfigTypeOf(btf, t.Array.ElementId) is (KconfigType.Char, _) ? (KconfigType.CharArray, false) : null;
            default:
                return null;
        }
    }

    /// <summary>libbpf find_extern_btf_id: the first VAR or FUNC of the name, which must have extern linkage.</summary>
    private static int FindExternType(BtfSpec btf, ElfSymbol symbol)
    {
        foreach (var id in btf.FindTypeIdsByName(symbol.Name))
        {
            var t = btf.Raw(id);
            if ((t.Kind == BtfKind.Variable && t.VariableLinkage != (uint)BtfVariableLinkage.GlobalExtern)
                || (t.Kind == BtfKind.Function && t.Vlen != (int)BtfFunctionLinkage.Extern))
                throw Error($"extern '{symbol.Name}': its BTF {t.Kind} [{id}] is not declared extern", symbol);
            if (t.Kind is BtfKind.Variable or BtfKind.Function)
                return id;
        }
        throw Error($"extern '{symbol.Name}' has no VAR or FUNC in the object's BTF", symbol);
    }

    /// <summary>libbpf find_extern_sec_btf_id: the name of the DATASEC listing the extern.</summary>
    private static string FindSection(BtfSpec btf, int externId, ElfSymbol symbol)
    {
        var types = btf.EnumerateOwn();
        while (types.MoveNext())
        {
            var t = types.Current;
            if (t.Kind != BtfKind.DataSection)
                continue;
            for (var i = 0; i < t.Vlen; i++)
            {
                if (t.SectionVariable(i).TypeId == externId)
                    return btf.GetString(t.NameOffset);
            }
        }
        throw Error($"extern '{symbol.Name}' is in no DATASEC of the object's BTF", symbol);
    }

    /// <summary>libbpf cmp_externs.</summary>
    private static int Compare(ExternSpec a, ExternSpec b)
    {
        if (a.Kind != b.Kind)
            return a.Kind.CompareTo(b.Kind);
        if (a.Kind == ExternKind.Kconfig)
        {
            if (a.Alignment != b.Alignment)
                return b.Alignment.CompareTo(a.Alignment);
            if (a.Size != b.Size)
                return a.Size.CompareTo(b.Size);
        }
        return string.CompareOrdinal(a.Name, b.Name);
    }

    /// <summary>
    /// Lays the kconfig externs out in sort order, each at its alignment. Every size is bounded, but their sum is what
    /// the .kconfig map's value becomes: it must stay within <see cref="MapSpec.MaxInitialValueSize"/> too.
    /// </summary>
    private static IReadOnlyList<ExternSpec> AssignKconfigOffsets(List<ExternSpec> externs)
    {
        var offset = 0L;
        for (var i = 0; i < externs.Count; i++)
        {
            if (externs[i].Kind != ExternKind.Kconfig)
                continue;
            var aligned = (offset + externs[i].Alignment - 1) / externs[i].Alignment * externs[i].Alignment;
            if (aligned + externs[i].Size > MapSpec.MaxInitialValueSize)
                throw Error($"extern (kcfg) '{externs[i].Name}' ends at byte {aligned + externs[i].Size} of {SectionNames.Kconfig}, beyond the {MapSpec.MaxInitialValueSize} bytes its map may have", externs[i].SymbolIndex);
            externs[i] = externs[i] with { Offset = (int)aligned };
            offset = aligned + externs[i].Size;
        }
        return externs;
    }

    private static BpfFormatException Error(string message, ElfSymbol symbol) => Error(message, symbol.Index);

    /// <summary>A format error at the extern's symbol (Elf64_Sym entries are 24 bytes).</summary>
    private static BpfFormatException Error(string message, int symbolIndex) => new(message, ".symtab", symbolIndex * 24L);
}
