using ManagedBpf.Elf;
using ManagedBpf.Maps;

namespace ManagedBpf;

/// <summary>
/// The static initialisers of map-in-map and program-array maps, as libbpf's bpf_object__collect_map_relos reads
/// them. <c>.values = { [3] = &amp;inner }</c> leaves zeros in <c>.maps</c> and one R_BPF_64_ABS64 relocation in
/// <c>.rel.maps</c> per filled slot: the relocation's offset inside the map variable, past the start of the
/// <c>values</c> member, divided by the BPF pointer size (8) is the slot; its symbol names the map or program.
/// </summary>
internal static class MapSlotReader
{
    private const int BpfPointerSize = 8;

    /// <summary>A <c>.maps</c> variable and where it lies in the section.</summary>
    public readonly record struct Placed(BtfMapDefinition Definition, ulong Offset);

    /// <summary>Fills <see cref="MapSpec.InitialSlots"/> of the maps in <paramref name="placed"/>.</summary>
    public static void Read(ElfObject elf, ElfSection mapsSection, IReadOnlyList<Placed> placed, Action<string> log)
    {
        foreach (var relocation in elf.RelocationsOf(mapsSection))
            Apply(elf, mapsSection, placed, relocation, log);
    }

    private static void Apply(ElfObject elf, ElfSection mapsSection, IReadOnlyList<Placed> placed, SymbolRelocation symbolRelocation, Action<string> log)
    {
        var (relocation, symbol, table, at) = symbolRelocation;
        var where = $".maps+{relocation.Offset}";
        // Written so that no sum can wrap: r_offset is whatever the file says.
        var owner = placed.FirstOrDefault(p => p.Offset <= relocation.Offset && relocation.Offset - p.Offset < p.Definition.Size &&
                                               p.Definition.Size - (relocation.Offset - p.Offset) >= BpfPointerSize);
        if (owner.Definition is not { } definition)
            throw new BpfFormatException($"relocation at {where} to '{symbol.Name}' lies in no map definition", table, at);
        var spec = definition.Spec;
        if (definition.ValuesOffset is not { } valuesOffset)
            throw new BpfFormatException($"map '{spec.Name}': relocation at {where} to '{symbol.Name}', but the definition has no 'values' member", table, at);
        var relative = relocation.Offset - owner.Offset;
        if (relative < valuesOffset || (relative - valuesOffset) % BpfPointerSize != 0)
            throw new BpfFormatException($"map '{spec.Name}': relocation at {where} to '{symbol.Name}' is not at a slot of 'values'", table, at);
        var slot = (relative - valuesOffset) / BpfPointerSize;

        string kind;
        if (spec.Type is MapType.ArrayOfMaps or MapType.HashOfMaps)
        {
            kind = "map";
            if (symbol.SectionIndex != mapsSection.Index)
                throw new BpfFormatException($"map '{spec.Name}': slot [{slot}] refers to '{symbol.Name}', which is not a BTF-defined map in .maps", table, at);
            if (placed.All(p => p.Definition.Name != symbol.Name))
                throw new BpfFormatException($"map '{spec.Name}': slot [{slot}] refers to '{symbol.Name}', which is no map", table, at);
            // The slot number becomes the key of the update that stores the inner map.
            if (spec.Type == MapType.HashOfMaps && spec.KeySize != 4)
                throw new BpfFormatException($"map '{spec.Name}': a hash of maps with initialisers needs 4-byte keys, not {spec.KeySize}", table, at);
        }
        else if (spec.Type == MapType.ProgramArray)
        {
            kind = "program";
            var section = symbol.SectionIndex < elf.Sections.Count ? elf.Sections[symbol.SectionIndex] : null;
            if (symbol.Type != ElfSymbolType.Function || section is not { IsExecutable: true } || section.Name == SectionNames.Text)
                throw new BpfFormatException($"map '{spec.Name}': slot [{slot}] refers to '{symbol.Name}', which is not an entry program (a function in a program section other than .text)", table, at);
        }
        else
        {
            throw new BpfFormatException($"map '{spec.Name}' ({spec.Type}): relocation at {where} to '{symbol.Name}', but only map-in-map and program-array maps take initialisers", table, at);
        }

        // The kernel refuses array indices past max_entries (E2BIG); say so while the object is being read.
        if (spec.Type is MapType.ArrayOfMaps or MapType.ProgramArray && slot >= spec.MaxEntries)
            throw new BpfFormatException($"map '{spec.Name}': slot [{slot}] ('{symbol.Name}') is out of range: max_entries is {spec.MaxEntries}", table, at);
        spec.InitialSlots[(uint)slot] = symbol.Name;
        log($".maps relo: map '{spec.Name}' slot [{slot}] points to {kind} '{symbol.Name}'");
    }
}
