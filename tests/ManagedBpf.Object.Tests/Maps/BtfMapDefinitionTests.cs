using ManagedBpf.Btf;
using ManagedBpf.Maps;
using ManagedBpf.Tests.Btf;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>
/// The <c>values</c> and <c>pinning</c> attributes of BTF map definitions, with libbpf's rules
/// (parse_btf_map_def): hand-built BTF for each malformed shape, and the corpus object for the well-formed ones.
/// </summary>
public class BtfMapDefinitionTests
{
    [Fact]
    public void CorpusObjectHasInnerDefinitionsSlotsAndPinning()
    {
        var spec = TestObjects.ParseFile(Path.Combine(CorpusPaths.Directory, "maps_nested.bpf.o"));

        var outerArray = spec.Maps["nested_outer_array"];
        Assert.Equal(MapType.ArrayOfMaps, outerArray.Type);
        Assert.Equal(4u, outerArray.ValueSize);
        var inner = Assert.IsType<MapSpec>(outerArray.InnerMap);
        Assert.Equal("nested_outer_array.inner", inner.Name);
        Assert.Equal((MapType.Array, 4u, 8u, 2u), (inner.Type, inner.KeySize, inner.ValueSize, inner.MaxEntries));
        Assert.Equal(new Dictionary<uint, string> { [0] = "nested_inner_a", [3] = "nested_inner_b" }, outerArray.InitialSlots);

        var outerHash = spec.Maps["nested_outer_hash"];
        Assert.Equal(MapType.HashOfMaps, outerHash.Type);
        Assert.Equal("nested_outer_hash.inner", outerHash.InnerMap?.Name);
        Assert.Equal(new Dictionary<uint, string> { [1] = "nested_inner_b", [5] = "nested_inner_a" }, outerHash.InitialSlots);

        var jumps = spec.Maps["nested_jumps"];
        Assert.Equal(MapType.ProgramArray, jumps.Type);
        Assert.Null(jumps.InnerMap);
        Assert.Equal((4u, 4u), (jumps.KeySize, jumps.ValueSize));
        Assert.Equal(new Dictionary<uint, string> { [1] = "nested_tail_one", [2] = "nested_tail_two" }, jumps.InitialSlots);

        Assert.Equal(MapPinning.ByName, spec.Maps["mbpf_nested_pin"].Pinning);
        Assert.Equal(MapPinning.None, outerArray.Pinning);
        Assert.Empty(spec.Maps["nested_inner_a"].InitialSlots);
        // The inner definition is a template, not a map of the object.
        Assert.DoesNotContain("nested_outer_array.inner", spec.Maps.Keys);
    }

    [Fact]
    public void MapExtraMayBeAUlongEnumOfOne64BitValue()
    {
        // __ulong(map_extra, 1ULL << 44), as arena maps give their user-space address.
        var d = new Definitions();
        var extra = d.B.Enum64("", 8, false, ("__unique_value0", 1UL << 44));
        d.Map("arena", d.Struct(("type", d.Uint((uint)MapType.Arena)), ("max_entries", d.Uint(100)), ("map_extra", extra)));
        var small = new Definitions();
        small.Map("bloom", small.Struct(("type", small.Uint((uint)MapType.BloomFilter)), ("max_entries", small.Uint(8)), ("map_extra", small.Uint(3))));

        Assert.Equal(1UL << 44, Assert.Single(d.Read()).Spec.MapExtra);
        Assert.Equal(3UL, Assert.Single(small.Read()).Spec.MapExtra);
    }

    [Fact]
    public void MapExtraAsAnEnumOfSeveralValuesIsAFormatError()
    {
        var d = new Definitions();
        var extra = d.B.Enum("", 4, false, ("a", 1), ("b", 2));
        d.Map("arena", d.Struct(("type", d.Uint((uint)MapType.Arena)), ("map_extra", extra)));

        Assert.Contains("not __ulong(name, value)", Assert.Throws<BpfFormatException>(() => d.Read()).Message);
    }

    [Fact]
    public void MapInMapDefinitionParsesItsInnerMap()
    {
        var d = new Definitions();
        var inner = d.Struct(("type", d.Uint((uint)MapType.Hash)), ("max_entries", d.Uint(16)), ("key", d.Pointer(d.Int)), ("value", d.Pointer(d.Int)));
        var outer = d.Struct(("type", d.Uint((uint)MapType.HashOfMaps)), ("max_entries", d.Uint(4)), ("key", d.Pointer(d.Int)), ("values", d.Values(inner)));
        d.Map("outer", outer);

        var definition = Assert.Single(d.Read());
        Assert.Equal(24u, definition.ValuesOffset);
        Assert.Equal(4u, definition.Spec.ValueSize);
        var innerSpec = Assert.IsType<MapSpec>(definition.Spec.InnerMap);
        Assert.Equal(("outer.inner", MapType.Hash, 16u, 4u, 4u), (innerSpec.Name, innerSpec.Type, innerSpec.MaxEntries, innerSpec.KeySize, innerSpec.ValueSize));
    }

    [Fact]
    public void ProgramArrayValuesAreFunctionPrototypes()
    {
        var d = new Definitions();
        var proto = d.B.FunctionProto(d.Int, ("", d.Pointer(0)));
        d.Map("jumps", d.Struct(("type", d.Uint((uint)MapType.ProgramArray)), ("max_entries", d.Uint(2)), ("key_size", d.Uint(4)), ("values", d.Values(proto))));
        var definition = Assert.Single(d.Read());
        Assert.Null(definition.Spec.InnerMap);
        Assert.Equal((4u, 4u), (definition.Spec.KeySize, definition.Spec.ValueSize));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "values not last", "must be the last member" },
        { "values on a hash", "only for map-in-map and program-array" },
        { "values before type", "is 'type' declared before it" },
        { "values not zero-length", "not a zero-length array" },
        { "values not pointers", "not an array of pointers" },
        { "prog array of structs", "not a function prototype" },
        { "map in map of functions", "not a map definition struct" },
        { "inner with values", "cannot have inner maps of its own" },
        { "inner pinned", "inner map definition cannot be pinned" },
        { "pinning 2", "pinning 2 is neither" },
        { "value_size 8 with values", "value size 4 contradicts 8" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedDefinitionsAreFormatErrors(string shape, string expected)
    {
        var d = new Definitions();
        var innerMap = d.Struct(("type", d.Uint((uint)MapType.Array)), ("max_entries", d.Uint(1)), ("key", d.Pointer(d.Int)), ("value", d.Pointer(d.Int)));
        var proto = d.B.FunctionProto(d.Int, ("", d.Pointer(0)));
        var arrayOfMaps = d.Uint((uint)MapType.ArrayOfMaps);
        var definition = shape switch
        {
            "values not last" => d.Struct(("type", arrayOfMaps), ("values", d.Values(innerMap)), ("max_entries", d.Uint(4))),
            "values on a hash" => d.Struct(("type", d.Uint((uint)MapType.Hash)), ("values", d.Values(innerMap))),
            "values before type" => d.Struct(("values", d.Values(innerMap))),
            "values not zero-length" => d.Struct(("type", arrayOfMaps), ("values", d.B.Array(d.Pointer(innerMap), 2, d.Int))),
            "values not pointers" => d.Struct(("type", arrayOfMaps), ("values", d.B.Array(innerMap, 0, d.Int))),
            "prog array of structs" => d.Struct(("type", d.Uint((uint)MapType.ProgramArray)), ("values", d.Values(innerMap))),
            "map in map of functions" => d.Struct(("type", arrayOfMaps), ("values", d.Values(proto))),
            "inner with values" => d.Struct(("type", arrayOfMaps), ("values", d.Values(d.Struct(("type", arrayOfMaps), ("values", d.Values(innerMap)))))),
            "inner pinned" => d.Struct(("type", arrayOfMaps), ("values", d.Values(d.Struct(("type", d.Uint((uint)MapType.Array)), ("pinning", d.Uint(1)))))),
            "pinning 2" => d.Struct(("type", d.Uint((uint)MapType.Array)), ("pinning", d.Uint(2))),
            "value_size 8 with values" => d.Struct(("type", arrayOfMaps), ("value_size", d.Uint(8)), ("values", d.Values(innerMap))),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
        d.Map("broken", definition);

        var e = Assert.Throws<BpfFormatException>(() => d.Read());
        Assert.Contains(expected, e.Message);
        Assert.Contains("map 'broken", e.Message);
        Assert.Equal(".BTF", e.Section);
        Assert.True(e.Offset > 0, "the offset names the definition's BTF type");
    }

    [Fact]
    public void PinningByNameAndNone()
    {
        var d = new Definitions();
        d.Map("pinned", d.Struct(("type", d.Uint((uint)MapType.Array)), ("pinning", d.Uint(1))));
        d.Map("unpinned", d.Struct(("type", d.Uint((uint)MapType.Array)), ("pinning", d.Uint(0))));
        Assert.Equal([MapPinning.ByName, MapPinning.None], d.Read().Select(m => m.Spec.Pinning));
    }

    /// <summary>A .maps DATASEC built type by type, as clang encodes <c>__uint</c>, <c>__type</c> and <c>__array</c>.</summary>
    private sealed class Definitions
    {
        private readonly List<(int Type, uint Offset, uint Size)> _variables = [];

        public Definitions() => Int = B.Int("int", 4, BtfIntEncoding.Signed);

        public BtfBuilder B { get; } = new();

        public int Int { get; }

        /// <summary><c>__uint(name, n)</c>: <c>int (*)[n]</c>.</summary>
        public int Uint(uint n) => B.Pointer(B.Array(Int, n, Int));

        public int Pointer(int target) => B.Pointer(target);

        /// <summary><c>__array(values, T)</c>: <c>T *values[]</c>.</summary>
        public int Values(int element) => B.Array(B.Pointer(element), 0, Int);

        public int Struct(params (string Name, int Type)[] members) =>
            B.Struct("", (uint)members.Length * 8, [.. members.Select((m, i) => (m.Name, m.Type, (uint)i * 64, 0u))]);

        public void Map(string name, int definition) => _variables.Add((B.Variable(name, definition), 0, 64));

        public List<BtfMapDefinition> Read()
        {
            B.DataSection(".maps", 0, [.. _variables]);
            return [.. BtfMapDefinitions.Read(B.Spec())];
        }
    }
}
