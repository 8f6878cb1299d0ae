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

    private readonly byte[] _image = File.ReadAllBytes(ObjectPath);
    private readonly ElfObject _elf;
    private readonly ElfSection _relMaps;
    private readonly ElfRelocation[] _relocations;

    public MapSlotRelocationTests()
    {
        _elf = ElfObject.Parse(_image);
        _relMaps = _elf.FindSection(".rel.maps") ?? throw new InvalidOperationException("no .rel.maps");
        _relocations = ElfRelocation.ParseTable(_relMaps.Contents.Span, _relMaps.Name);
    }

    [Fact]
    public void UnpatchedObjectParses()
    {
        Assert.Equal(6, _relocations.Length);
        Assert.Equal(2, Parse().Maps["nested_jumps"].InitialSlots.Count);
    }

    [Fact]
    public void MapInMapSlotPointingToAProgramIsRejected()
    {
        SetSymbol(Entry("nested_inner_a"), "nested_tail_one");
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'nested_outer_array': slot [0] refers to 'nested_tail_one', which is not a BTF-defined map", e.Message);
        Assert.Equal(".rel.maps", e.Section);
    }

    [Fact]
    public void ProgramArraySlotPointingToAMapIsRejected()
    {
        SetSymbol(Entry("nested_tail_one"), "mbpf_nested_pin");
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'nested_jumps': slot [1] refers to 'mbpf_nested_pin', which is not an entry program", e.Message);
        Assert.Equal(Entry("nested_tail_one") * 16L, e.Offset);
    }

    [Fact]
    public void SlotIndexPastMaxEntriesIsRejected()
    {
        // Shrink max_entries of nested_outer_array from 4 to 2 (the N of its int (*)[N] member); its slot [3] remains.
        var btfSection = _elf.FindSection(".BTF")!;
        var btf = BtfSpec.Parse(btfSection.Contents);
        var variable = (BtfVariable)btf.GetType(btf.FindTypeId("nested_outer_array", BtfKind.Variable));
        var definition = (BtfComposite)btf.GetType(btf.ResolveType(variable.TypeId));
        var pointer = (BtfPointer)btf.GetType(definition.Members.Single(m => m.Name == "max_entries").TypeId);
        var nelems = FileOffset(btfSection) + btf.Raw(pointer.TargetId).Offset + 12 + 8;
        Assert.Equal(4u, BinaryPrimitives.ReadUInt32LittleEndian(_image.AsSpan(nelems)));
        BinaryPrimitives.WriteUInt32LittleEndian(_image.AsSpan(nelems), 2);

        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'nested_outer_array': slot [3] ('nested_inner_b') is out of range: max_entries is 2", e.Message);
    }

    [Fact]
    public void RelocationOutsideEveryMapIsRejected()
    {
        SetOffset(Entry("nested_inner_a"), _elf.FindSection(".maps")!.Size + 8);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("lies in no map definition", e.Message);
    }

    [Fact]
    public void RelocationOffsetNearTheTopOfTheAddressSpaceIsRejected()
    {
        SetOffset(Entry("nested_inner_a"), ulong.MaxValue - 3);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("lies in no map definition", e.Message);
    }

    [Fact]
    public void RelocationIntoAMapWithoutValuesIsRejected()
    {
        var pinned = _elf.Symbols.Single(s => s.Name == "mbpf_nested_pin");
        SetOffset(Entry("nested_inner_a"), pinned.Value + 8);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("map 'mbpf_nested_pin': relocation at .maps+", e.Message);
        Assert.Contains("the definition has no 'values' member", e.Message);
    }

    [Fact]
    public void RelocationBetweenSlotsIsRejected()
    {
        var entry = Entry("nested_inner_a");
        SetOffset(entry, _relocations[entry].Offset + 4);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("is not at a slot of 'values'", e.Message);
    }

    [Fact]
    public void RelocationBeforeTheValuesMemberIsRejected()
    {
        var outer = _elf.Symbols.Single(s => s.Name == "nested_outer_array");
        SetOffset(Entry("nested_inner_a"), outer.Value + 8);
        var e = Assert.Throws<BpfFormatException>(Parse);
        Assert.Contains("is not at a slot of 'values'", e.Message);
    }

    private ObjectSpec Parse() => ObjectSpec.Parse(_image, "maps_nested");

    /// <summary>The index of the first relocation whose symbol is <paramref name="symbol"/>.</summary>
    private int Entry(string symbol) =>
        Array.FindIndex(_relocations, r => _elf.Symbols[(int)r.SymbolIndex].Name == symbol) is var i and >= 0 ? i : throw new InvalidOperationException(symbol);

    private void SetSymbol(int entry, string symbol)
    {
        var index = _elf.Symbols.Single(s => s.Name == symbol).Index;
        BinaryPrimitives.WriteUInt32LittleEndian(_image.AsSpan(FileOffset(_relMaps) + (entry * ElfRelocation.EntrySize) + 12), (uint)index);
    }

    private void SetOffset(int entry, ulong offset) =>
        BinaryPrimitives.WriteUInt64LittleEndian(_image.AsSpan(FileOffset(_relMaps) + (entry * ElfRelocation.EntrySize)), offset);

    private static int FileOffset(ElfSection section) =>
        MemoryMarshal.TryGetArray(section.Contents, out var segment) ? segment.Offset : throw new InvalidOperationException("not an array slice");
}
