namespace ManagedBpf.Tests.Maps;

/// <summary>bpf/data/map_types.bpf.o: one map of every type user space reads or writes, loaded afresh per test.</summary>
internal static class MapTypesObject
{
    public static BpfObject Load() => BpfObject.Load(TestObjects.ParseFile(TestObjects.PathOf("map_types.bpf.o")));
}
