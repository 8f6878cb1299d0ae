using System.Runtime.InteropServices;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>
/// The corpus object maps_nested.bpf.o loaded for real: map-in-map and program-array slots filled from the static
/// initialisers, tail calls through them, and the map pinned by name (in a pin root of each test's own).
/// </summary>
public sealed class NestedMapKernelTests : IDisposable
{
    private const string PinnedMap = "mbpf_nested_pin";

    private readonly BpffsPinRoot _pins = new("nested");

    public void Dispose() => _pins.Dispose();

    [KernelFact]
    public void OuterMapsHoldTheInitialisedInnerMaps()
    {
        using var obj = Load();
        var innerA = obj.Maps["nested_inner_a"].Id;
        var innerB = obj.Maps["nested_inner_b"].Id;

        // A lookup from user space returns the id of the map in the slot.
        var outerArray = obj.Maps["nested_outer_array"];
        Assert.Equal(innerA, Lookup(outerArray, 0));
        Assert.Equal(innerB, Lookup(outerArray, 3));
        Assert.Null(Lookup(outerArray, 1));
        Assert.Null(Lookup(outerArray, 2));

        var outerHash = obj.Maps["nested_outer_hash"];
        Assert.Equal(innerB, Lookup(outerHash, 1));
        Assert.Equal(innerA, Lookup(outerHash, 5));
        Assert.Equal([1u, 5u], outerHash.Keys<uint>().Order());
    }

    [KernelFact]
    public void ProgramArrayHoldsTheInitialisedPrograms()
    {
        using var obj = Load();
        var jumps = obj.Maps["nested_jumps"];
        Assert.Null(Lookup(jumps, 0));
        Assert.Equal(obj.Programs["nested_tail_one"].Id, Lookup(jumps, 1));
        Assert.Equal(obj.Programs["nested_tail_two"].Id, Lookup(jumps, 2));
        Assert.Null(Lookup(jumps, 3));
    }

    [KernelFact]
    public void TailCallsReachTheInitialisedPrograms()
    {
        using var obj = Load();
        var entry = obj.Programs["nested_entry"];
        Assert.Equal(101u, Run(entry, 1));   // nested_tail_one
        Assert.Equal(101u, Run(entry, 2));   // nested_tail_two, which tail-calls nested_tail_one
        Assert.Equal(1u, Run(entry, 3));     // empty slot: the tail call falls through
        Assert.Equal(1u, Run(entry, 9));     // past max_entries: likewise
    }

    [KernelFact]
    public void ProgramsReachInnerMapsThroughTheOuterMaps()
    {
        using var obj = Load();
        var lookup = obj.Programs["nested_lookup"];
        Assert.Equal(2u, Run(lookup, 0, 5));   // array slot 0 = inner_a; no hash key 0
        Assert.Equal(3u, Run(lookup, 1, 7));   // no array slot 1; hash key 1 = inner_b
        Assert.Equal(3u, Run(lookup, 5, 3));   // array has no slot 5; hash key 5 = inner_a
        Assert.Equal(2u, Run(lookup, 3, 0));   // array slot 3 = inner_b; no hash key 3

        Assert.Equal(5ul + 3, Element(obj.Maps["nested_inner_a"]));
        Assert.Equal(7ul, Element(obj.Maps["nested_inner_b"]));
        Assert.Equal(4ul, Element(obj.Maps[PinnedMap]));
    }

    [KernelFact]
    public void PinByNameCreatesThePinAndASecondLoadReusesTheMap()
    {
        var path = _pins.Of(PinnedMap);
        uint id;
        using (var first = Load())
        {
            var map = first.Maps[PinnedMap];
            Assert.Equal(path, map.PinPath);
            Assert.True(File.Exists(path));
            id = map.Id;
            Run(first.Programs["nested_lookup"], 0, 0);
            Assert.Null(first.Maps["nested_outer_array"].PinPath);

            using var second = Load();
            Assert.Equal(id, second.Maps[PinnedMap].Id);
            Assert.Equal(path, second.Maps[PinnedMap].PinPath);
            Run(second.Programs["nested_lookup"], 0, 0);
            Assert.Equal(2ul, Element(first.Maps[PinnedMap]));
        }

        // Disposing the objects leaves the pin (libbpf semantics), and the map with it.
        Assert.True(File.Exists(path));
        using (var third = Load())
        {
            Assert.Equal(id, third.Maps[PinnedMap].Id);
            Assert.Equal(2ul, Element(third.Maps[PinnedMap]));
        }
        using var opened = BpfMap.OpenPinned(path);
        Assert.Equal(id, opened.Id);
        Assert.Equal((MapType.Array, 4u, 8u, 1u), (opened.Type, opened.KeySize, opened.ValueSize, opened.MaxEntries));
    }

    [KernelFact]
    public void UnpinRemovesThePinButNotTheMap()
    {
        using var obj = Load();
        var map = obj.Maps[PinnedMap];
        var path = map.PinPath!;
        map.Unpin();
        Assert.False(File.Exists(path));
        Assert.Null(map.PinPath);
        Assert.Throws<InvalidOperationException>(map.Unpin);

        // The map lives on through the object: a program still writes it.
        Run(obj.Programs["nested_lookup"], 0, 0);
        Assert.Equal(1ul, Element(map));

        // A new load finds no pin, so it creates (and pins) a new map.
        using var again = Load();
        Assert.NotEqual(map.Id, again.Maps[PinnedMap].Id);
        Assert.True(File.Exists(path));
    }

    [KernelFact]
    public void IncompatiblePinIsATypedErrorNamingThePathAndTheDifference()
    {
        var path = _pins.Of(PinnedMap);
        using var other = BpfMap.Create(new MapSpec(PinnedMap, MapType.Array, 4, 8, 2));
        other.Pin(path);

        var e = Assert.Throws<BpfPinMismatchException>(Load);
        Assert.Equal(path, e.PinPath);
        Assert.Equal(PinnedMap, e.MapName);
        Assert.Equal(["max_entries 2 (pinned) != 1 (object)"], e.Differences);
        Assert.Contains(path, e.Message);

        // The foreign pin is untouched, and nothing else was pinned.
        Assert.Equal([path], Directory.GetFileSystemEntries(_pins.Path));
        using var still = BpfMap.OpenPinned(path);
        Assert.Equal(other.Id, still.Id);
    }

    [KernelFact]
    public void FailedLoadRemovesThePinsItCreated()
    {
        var spec = Spec();
        // libbpf fails the same way: a program-array initialiser names a program that is not loaded.
        spec.Programs["nested_tail_one"].AutoLoad = false;
        var e = Assert.Throws<BpfException>(() => BpfObject.Load(spec, Options()));
        Assert.Contains("slot refers to program 'nested_tail_one', which was not loaded", e.Message);
        Assert.False(File.Exists(_pins.Of(PinnedMap)));
    }

    [KernelFact]
    public void PinRootOutsideBpffsIsAClearError()
    {
        var directory = Directory.CreateTempSubdirectory("mbpf_not_bpffs_");
        try
        {
            var e = Assert.Throws<BpfException>(() => BpfObject.Load(Spec(), new LoadOptions { PinRoot = directory.FullName }));
            Assert.Contains($"{directory.FullName} is not on a bpf filesystem", e.Message);
            Assert.Empty(directory.EnumerateFileSystemInfos());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [KernelFact]
    public void MapInMapNeedsAnInnerDefinition()
    {
        var e = Assert.Throws<BpfException>(() => BpfMap.Create(new MapSpec("no_inner", MapType.ArrayOfMaps, 4, 4, 1)));
        Assert.Contains("needs an inner map definition", e.Message);
    }

    private static ObjectSpec Spec() => ObjectSpec.ParseFile(Path.Combine(CorpusPaths.Directory, "maps_nested.bpf.o"));

    private LoadOptions Options() => new() { PinRoot = _pins.Path };

    private BpfObject Load() => BpfObject.Load(Spec(), Options());

    private static uint? Lookup(BpfMap map, uint key) => map.TryLookup(key, out uint id) ? id : null;

    private static ulong Element(BpfMap map) => map.TryLookup(0u, out ulong value) ? value : throw new InvalidOperationException("no element 0");

    /// <summary>BPF_PROG_TEST_RUN of a raw_tp program with the given u64 arguments as its context.</summary>
    private static uint Run(BpfProgram program, params ulong[] arguments) =>
        program.TestRun(MemoryMarshal.AsBytes(arguments.AsSpan()));
}
