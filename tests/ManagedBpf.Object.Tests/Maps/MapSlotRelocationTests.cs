using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ManagedBpf.Btf;
using ManagedBpf.Elf;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>
/// The <c>.rel.maps</c> relocations that fill map-in-map and program-array slots (libbpf's
/// bpf_object__collect_map_relos), each broken in one way in a copy of the corpus object maps_nested.bpf.o.
/// </summary>
public class MapSlotRelocationTests
{
    private static readonly string ObjectPath = Path.Combine(CorpusPaths.Directory, "maps_nested.bpf.o");

    private readonly byte[] image = File.ReadAllBytes(ObjectPath);
    private readonly ElfObject elf;
    private readonly ElfSection relMaps;
    private readonly ElfRelocation[] relocations;

    public MapSlotRelocationTests()
    {
        elf = ElfObject.Parse(image);
        relMaps = elf.FindSection(".rel.maps") ?? throw new InvalidOperationException("no .rel.maps");
        relocations = ElfRelocation.ParseTable(relMaps.Contents.Span, relMaps.Name);
    }

    [Fact]
    public void Unpatched_object_parses()
    {
        Assert.Equal(6, relocations.Length);
        Assert.Equal(2, Parse().Maps["nested_jumps"].InitialSlots.Count);
    }

    [Fact]
    public void Map_in_map_slot_pointing_to_a_program_is_rejected()
    {
        SetSymbol(Entry("nested_inner_a"), "nested_tail_one");
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'nested_outer_array': slot [0] refers to 'nested_tail_one', which is not a BTF-defined map", e.Message);
        Assert.Equal(".rel.maps", e.Section);
    }

    [Fact]
    public void Program_array_slot_pointing_to_a_map_is_rejected()
    {
        SetSymbol(Entry("nested_tail_one"), "mbpf_nested_pin");
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'nested_jumps': slot [1] refers to 'mbpf_nested_pin', which is not an entry program", e.Message);
        Assert.Equal(Entry("nested_tail_one") * 16L, e.Offset);
    }

    [Fact]
    public void Slot_index_past_max_entries_is_rejected()
    {
        // Shrink max_entries of nested_outer_array from 4 to 2 (the N of its int (*)[N] member); its slot [3] remains.
        var btfSection = elf.FindSection(".BTF")!;
        var btf = BtfSpec.Parse(btfSection.Contents);
        var variable = (BtfVariable)btf.GetType(btf.FindTypeId("nested_outer_array", BtfKind.Variable));
        var definition = (BtfComposite)btf.GetType(btf.ResolveType(variable.TypeId));
        var pointer = (BtfPointer)btf.GetType(definition.Members.Single(m => m.Name == "max_entries").TypeId);
        var nelems = FileOffset(btfSection) + btf.Raw(pointer.TargetId).Offset + 12 + 8;
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(nelems)));
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(nelems), 2);

        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'nested_outer_array': slot [3] ('nested_inner_b') is out of range: max_entries is 2", e.Message);
    }

    [Fact]
    public void Relocation_outside_every_map_is_rejected()
    {
        SetOffset(Entry("nested_inner_a"), elf.FindSection(".maps")!.Size + 8);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("lies in no map definition", e.Message);
    }

    [Fact]
    public void Relocation_offset_near_the_top_of_the_address_space_is_rejected()
    {
        SetOffset(Entry("nested_inner_a"), ulong.MaxValue - 3);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("lies in no map definition", e.Message);
    }

    [Fact]
    public void Relocation_into_a_map_without_values_is_rejected()
    {
        var pinned = elf.Symbols.Single(s => s.Name == "mbpf_nested_pin");
        SetOffset(Entry("nested_inner_a"), pinned.Value + 8);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'mbpf_nested_pin': relocation at .maps+", e.Message);
        Assert.Contains("the definition has no 'values' member", e.Message);
    }

    [Fact]
    public void Relocation_between_slots_is_rejected()
    {
        var entry = Entry("nested_inner_a");
        SetOffset(entry, relocations[entry].Offset + 4);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("is not at a slot of 'values'", e.Message);
    }

    [Fact]
    public void Relocation_before_the_values_member_is_rejected()
    {
        var outer = elf.Symbols.Single(s => s.Name == "nested_outer_array");
        SetOffset(Entry("nested_inner_a"), outer.Value + 8);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("is not at a slot of 'values'", e.Message);
    }

    private ObjectSpec Parse() => ObjectSpec.Parse(image, "maps_nested");

    /// <summary>The index of the first relocation whose symbol is <paramref name="symbol"/>.</summary>
    private int Entry(string symbol) =>
        Array.FindIndex(relocations, r => elf.Symbols[(int)r.SymbolIndex].Name == symbol) is var i and >= 0 ? i : throw new InvalidOperationException(symbol);

    private void SetSymbol(int entry, string symbol)
    {
        var index = elf.Symbols.Single(s => s.Name == symbol).Index;
        BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(FileOffset(relMaps) + (entry * ElfRelocation.EntrySize) + 12), (uint)index);
    }

    private void SetOffset(int entry, ulong offset) =>
        BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(FileOffset(relMaps) + (entry * ElfRelocation.EntrySize)), offset);

    private static int FileOffset(ElfSection section) =>
        MemoryMarshal.TryGetArray(section.Contents, out var segment) ? segment.Offset : throw new InvalidOperationException("not an array slice");
}
