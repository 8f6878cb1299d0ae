using System.Text;
using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.Elf;
using ManagedBpf.Externs;
using ManagedBpf.Maps;
using ManagedBpf.Programs;

namespace ManagedBpf;

/// <summary>
/// Turns an <see cref="ElfObject"/> into an <see cref="ObjectSpec"/>, in the order of libbpf's bpf_object_open:
/// license, BTF, map definitions, global data, programs and their relocations.
/// </summary>
internal sealed class ObjectSpecReader
{
    private readonly ReadOnlyMemory<byte> _image;
    private readonly string _name;
    private readonly Action<string> _log;
    private readonly Dictionary<string, MapSpec> _maps = new(StringComparer.Ordinal);
    private readonly Dictionary<ulong, string> _mapsByOffset = [];
    private readonly Dictionary<string, VariableSpec> _variables = new(StringComparer.Ordinal);
    private ElfObject _elf = null!;
    private BtfSpec? _btf;
    private BtfExt? _btfExt;
    private IReadOnlyList<ExternSpec> _externs = [];

    public ObjectSpecReader(ReadOnlyMemory<byte> image, string name, Action<string> log)
    {
        _image = image;
        _name = name;
        _log = log;
    }

    public ObjectSpec Read()
    {
        _elf = ElfObject.Parse(_image);
        var license = ReadLicense();
        ReadBtf();
        var mapsSection = _elf.FindSection(SectionNames.Maps);
        if (mapsSection is not null)
            ReadBtfMaps(mapsSection);
        if (_elf.FindSection("maps") is not null)
            throw new BpfFormatException("legacy 'maps' section (struct bpf_map_def) is not supported; use BTF-defined maps in SEC(\".maps\")", "maps", 0);
        foreach (var section in _elf.Sections.Where(IsGlobalData))
            ReadGlobalData(section);
        ReadExterns();
        var functions = _elf.Sections.Where(s => s.IsExecutable && s.Size > 0)
            .SelectMany(s => new FunctionReader(_elf, s, _btfExt, ClassifySymbol).Read())
            .ToList();
        var programs = new Dictionary<string, ProgramSpec>(StringComparer.Ordinal);
        foreach (var function in functions.Where(f => f.SectionName != SectionNames.Text))
        {
            var program = new ProgramSpec(function.Name, function.SectionName, function, license);
            if (!programs.TryAdd(function.Name, program))
                throw new BpfFormatException($"two programs are named '{function.Name}'", function.SectionName, function.SectionStart * 8L);
            _log($"sec '{function.SectionName}': found program '{function.Name}' at insn offset {function.SectionStart}, code size {function.Instructions.Length} insns ({program.Type})");
        }
        foreach (var structOps in StructOpsReader.Sections.Select(_elf.FindSection).OfType<ElfSection>())
        {
            foreach (var map in StructOpsReader.Read(_elf, structOps, _btf, functions, programs))
            {
                if (!_maps.TryAdd(map.Name, map))
                    throw new BpfFormatException($"two maps are named '{map.Name}'", structOps.Name, 0);
                _log($"map '{map.Name}': struct_ops {map.StructOps!.TypeName}, programs {string.Join(", ", map.StructOps.Programs.Select(p => $"{p.Key}={p.Value}"))}");
            }
        }
        return new ObjectSpec(_name, license, programs, _maps, _variables, functions, _externs, _btf, _btfExt, ElfLayout.Of(_elf));
    }

    /// <summary>Subprograms live in .text; libbpf appends them to each entry program that calls them.</summary>

    private string ReadLicense()
    {
        var section = _elf.FindSection(SectionNames.License);
        if (section is null)
            return "";
        var bytes = section.Contents.Span;
        var end = bytes.IndexOf((byte)0);
        var license = Encoding.UTF8.GetString(end >= 0 ? bytes[..end] : bytes);
        _log($"license of {_name} is {license}");
        return license;
    }

    private void ReadBtf()
    {
        var section = _elf.FindSection(SectionNames.Btf);
        if (section is null)
            return;
        // Copied: it is the one part of the image a spec keeps, and a slice would keep the whole file alive (or,
        // mapped, make its unmapping unsafe).
        _btf = BtfSpec.Parse(section.Contents.ToArray());
        _log($"BTF: {_btf.TypeCount - 1} types");
        var ext = _elf.FindSection(SectionNames.BtfExt);
        if (ext is not null)
            _btfExt = BtfExt.Parse(ext.Contents, _btf);
    }

    private void ReadBtfMaps(ElfSection section)
    {
        if (_btf is null)
            throw new BpfFormatException("BTF-defined maps need the object's .BTF (compile with -g)", section.Name, 0);
        var placed = new List<MapSlotReader.Placed>();
        foreach (var definition in BtfMapDefinitions.Read(_btf))
        {
            var (mapName, spec) = (definition.Name, definition.Spec);
            var symbol = _elf.Symbols.FirstOrDefault(s => s.SectionIndex == section.Index && s.Name == mapName)
                ?? throw new BpfFormatException($"map '{mapName}' has no symbol", section.Name, 0);
            if (definition.Size > section.Size || symbol.Value > section.Size - definition.Size)
                throw new BpfFormatException($"map '{mapName}' [{symbol.Value}, +{definition.Size}) lies outside the section", section.Name, (long)symbol.Value);
            if (!_maps.TryAdd(mapName, spec))
                throw new BpfFormatException($"two maps are named '{mapName}'", section.Name, (long)symbol.Value);
            _mapsByOffset[symbol.Value] = mapName;
            placed.Add(new MapSlotReader.Placed(definition, symbol.Value));
            _log($"map '{mapName}': at sec_idx {section.Index}, offset {symbol.Value}: {spec}");
            if (spec.InnerMap is { } inner)
                _log($"map '{mapName}': inner map definition {inner}");
        }
        MapSlotReader.Read(_elf, section, placed, _log);
    }

    /// <summary>
    /// libbpf makes a map of .rodata, .data, .bss and their dotted variants (.rodata.str1.1 ...), the first two when
    /// their bytes are in the file (SHT_PROGBITS), .bss when they are not (SHT_NOBITS), as bpf_object__elf_collect does.
    /// </summary>
    private static bool IsGlobalData(ElfSection section) =>
        section.IsAllocated && !section.IsExecutable && section.Size > 0 &&
        (section.Type == ElfSectionType.ProgBits && (IsPrefixed(section.Name, SectionNames.Rodata) || IsPrefixed(section.Name, SectionNames.Data))
            || (section.Type == ElfSectionType.NoBits && IsPrefixed(section.Name, SectionNames.Bss)));

    private static bool IsPrefixed(string sectionName, string prefix) =>
        sectionName == prefix || sectionName.StartsWith(prefix + ".", StringComparison.Ordinal);

    private void ReadGlobalData(ElfSection section)
    {
        var readOnly = IsPrefixed(section.Name, SectionNames.Rodata);
        // .bss occupies no file bytes, so its stated size is the one length here that the file does not bound.
        if (section.Size > MapSpec.MaxInitialValueSize)
            throw new BpfFormatException($"global data of {section.Size} bytes is more than the {MapSpec.MaxInitialValueSize >> 20} MiB this loader accepts", section.Name, 0);
        var datasecId = _btf?.FindTypeId(section.Name, BtfKind.DataSection) ?? -1;
        var datasec = datasecId < 0 ? null : (BtfDataSection)_btf!.GetType(datasecId);
        var flags = readOnly ? MapFlags.ReadOnlyProgram : MapFlags.None;
        if (datasec is not null && ExposesVariables(section, datasec))
            flags |= MapFlags.Mmapable;
        var spec = new MapSpec(section.Name, MapType.Array, 4, (uint)section.Size, 1, flags)
        {
            SectionName = section.Name,
            KernelName = GlobalDataMapName(section.Name),
            InitialValue = section.Type == ElfSectionType.NoBits ? new byte[section.Size] : section.Contents.ToArray(),
            Freeze = readOnly,
            BtfValueTypeId = datasecId < 0 ? 0u : (uint)datasecId,
        };
        if (!_maps.TryAdd(section.Name, spec))
            throw new BpfFormatException("a second section of this name", section.Name, 0);
        _log($"map '{spec.KernelName}' ({section.Name}): at sec_idx {section.Index}, size {section.Size}, flags 0x{(uint)spec.Flags:x}");
        if (datasec is not null)
            ReadVariables(section, spec, datasec);
    }

    /// <summary>
    /// libbpf's map_is_mmapable: a data section is mapped into user space (BPF_F_MMAPABLE) only when it holds a
    /// variable user space may see, one of global linkage that is not hidden (libbpf gives hidden ones static
    /// linkage). The verifier refuses spin locks, kptrs and the like in a mmapable array, so a section of statics
    /// only must stay unmapped for them to be allowed there.
    /// </summary>
    private bool ExposesVariables(ElfSection section, BtfDataSection datasec) =>
        datasec.Variables.Any(v => _btf!.GetType(v.TypeId) is BtfVariable { Linkage: not BtfVariableLinkage.Static } variable &&
            !_elf.Symbols.Any(s => s.SectionIndex == section.Index && s.Name == variable.Name && s.IsHidden));

    private void ReadVariables(ElfSection section, MapSpec map, BtfDataSection datasec)
    {
        foreach (var secinfo in datasec.Variables)
        {
            if (_btf!.GetType(secinfo.TypeId) is not BtfVariable variable)
                continue;
            var symbol = _elf.Symbols.FirstOrDefault(s => s.SectionIndex == section.Index && s.Name == variable.Name && s.Type == ElfSymbolType.Object);
            if (symbol is null)
                continue;
            var size = secinfo.Size != 0 ? secinfo.Size : (uint)symbol.Size;
            // Compared without adding: a value near 2^64 would wrap the sum below the section size.
            if (symbol.Value > section.Size || size > section.Size - symbol.Value)
                throw new BpfFormatException($"variable '{variable.Name}' [{symbol.Value}, +{size}) lies outside its section {section.Name} ({section.Size} bytes)", ".symtab", symbol.Index * 24L);
            _variables[variable.Name] = new VariableSpec(variable.Name, map, (int)symbol.Value, (int)size, (uint)secinfo.TypeId);
        }
    }

    /// <summary>
    /// The externs, and (after the global data, as libbpf adds it) the read-only map their kconfig values live in:
    /// zeros here, filled at load time from the kernel being loaded into.
    /// </summary>
    private void ReadExterns()
    {
        _externs = ExternCollector.Collect(_elf, _btf);
        foreach (var extern_ in _externs)
            _log(extern_.ToString());
        var size = ExternCollector.KconfigSize(_externs);
        if (size == 0)
            return;
        var datasecId = _btf!.FindTypeId(SectionNames.Kconfig, BtfKind.DataSection);
        var spec = new MapSpec(SectionNames.Kconfig, MapType.Array, 4, (uint)size, 1, MapFlags.ReadOnlyProgram | MapFlags.Mmapable)
        {
            SectionName = SectionNames.Kconfig,
            KernelName = GlobalDataMapName(SectionNames.Kconfig),
            InitialValue = new byte[size],
            Freeze = true,
            BtfValueTypeId = (uint)datasecId,
        };
        if (!_maps.TryAdd(spec.Name, spec))
            throw new BpfFormatException($"a map is already named '{spec.Name}'", SectionNames.Kconfig, 0);
        _log($"map '{spec.KernelName}' ({spec.Name}): size {size}, flags 0x{(uint)spec.Flags:x}");
    }

    /// <summary>
    /// libbpf's internal_map_name: up to 8 characters of the object name, then the section name; dotted
    /// variants (.rodata.str1.1) keep the bare section name; characters the kernel refuses become '_'.
    /// </summary>
    internal static string GlobalDataMapName(string objectName, string sectionName)
    {
        const int ObjectNameLength = 16;
        var suffixLength = Math.Max(7, sectionName.Length);
        var prefixLength = sectionName.IndexOf('.', 1) >= 0 ? 0 : Math.Min(ObjectNameLength - suffixLength - 1, objectName.Length);
        var combined = (objectName[..Math.Max(0, prefixLength)] + sectionName);
        var mapName = combined[..Math.Min(combined.Length, ObjectNameLength - 1)];
        return string.Concat(mapName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' ? c : '_'));
    }

    private string GlobalDataMapName(string sectionName) => GlobalDataMapName(_name, sectionName);

    /// <summary>What a relocation's symbol refers to, for <see cref="FunctionReader"/>.</summary>
    private (ReferenceKind Kind, string Target)? ClassifySymbol(ElfSymbol symbol, Instruction instruction)
    {
        if (symbol.SectionIndex == 0)
        {
            return _externs.FirstOrDefault(e => e.SymbolIndex == symbol.Index) is { } extern_
                ? (ReferenceKind.Extern, extern_.Name)
                : throw new BpfFormatException($"relocation to undefined symbol '{symbol.Name}', which is no extern (an uninitialised global variable?)", ".symtab", symbol.Index * 24L);
        }
        var section = symbol.SectionIndex < _elf.Sections.Count ? _elf.Sections[symbol.SectionIndex] : null;
        if (section is null)
            return null;
        if (section.Name == SectionNames.Maps)
        {
            return _mapsByOffset.TryGetValue(symbol.Value, out var mapName)
                ? (ReferenceKind.Map, mapName)
                : throw new BpfFormatException($"relocation to '{symbol.Name}' at .maps+{symbol.Value} matches no map", section.Name, (long)symbol.Value);
        }
        if (_maps.TryGetValue(section.Name, out var data) && data.SectionName is not null)
            return (ReferenceKind.GlobalData, section.Name);
        if (section.IsExecutable)
            return (instruction.IsLoadImm64 ? ReferenceKind.FunctionAddress : ReferenceKind.Call, section.Name);
        return null;
    }
}
