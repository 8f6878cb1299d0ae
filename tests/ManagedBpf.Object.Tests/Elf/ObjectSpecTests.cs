using ManagedBpf.Maps;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Elf;

/// <summary>Parses the committed bpf/bootstrap.bpf.o: what libbpf's bpf_object__open would find in it.</summary>
public class ObjectSpecTests
{
    private readonly ObjectSpec _spec = TestObjects.ParseBootstrap();

    [Fact]
    public void FindsBothTracepointProgramsAndTheirRawTwins()
    {
        Assert.Equal(["handle_exec", "handle_exit", "handle_exec_raw", "handle_exit_raw"], _spec.Programs.Keys);
        // SEC("?raw_tp/...") : raw tracepoint programs whose autoload is off until a loader turns it on
        var raw = _spec.Programs["handle_exec_raw"];
        Assert.Equal((ProgramType.RawTracepoint, "sched_process_exec", false), (raw.Type, raw.AttachTarget, raw.AutoLoad));
        Assert.Equal("sched_process_exit", _spec.Programs["handle_exit_raw"].AttachTarget);
        var exec = _spec.Programs["handle_exec"];
        Assert.True(exec.AutoLoad);
        Assert.Equal("tp/sched/sched_process_exec", exec.SectionName);
        Assert.Equal(ProgramType.Tracepoint, exec.Type);
        Assert.Equal("sched/sched_process_exec", exec.AttachTarget);
        Assert.Equal("sched/sched_process_exit", _spec.Programs["handle_exit"].AttachTarget);
        Assert.Equal("Dual BSD/GPL", exec.License);
        Assert.True(exec.Instructions.Length > 10);
    }

    [Fact]
    public void ReadsMapDefinitionsFromTheMapsDatasec()
    {
        var execStart = _spec.Maps["exec_start"];
        Assert.Equal(MapType.Hash, execStart.Type);
        Assert.Equal(8192u, execStart.MaxEntries);
        Assert.Equal(4u, execStart.KeySize);
        Assert.Equal(8u, execStart.ValueSize);
        Assert.NotEqual(0u, execStart.BtfKeyTypeId);

        var ring = _spec.Maps["rb"];
        Assert.Equal(MapType.RingBuf, ring.Type);
        Assert.Equal(256u * 1024, ring.MaxEntries);
        Assert.Equal(0u, ring.KeySize);
        Assert.Equal(0u, ring.ValueSize);
    }

    [Fact]
    public void MakesRodataAFrozenReadOnlyArrayNamedLikeLibbpf()
    {
        var rodata = _spec.Maps[".rodata"];
        Assert.Equal(MapType.Array, rodata.Type);
        Assert.Equal((4u, 16u, 1u), (rodata.KeySize, rodata.ValueSize, rodata.MaxEntries));
        Assert.Equal(MapFlags.ReadOnlyProgram | MapFlags.Mmapable, rodata.Flags);
        Assert.True(rodata.Freeze);
        Assert.Equal("bootstra.rodata", rodata.KernelName);
        Assert.NotEqual(0u, rodata.BtfValueTypeId);
    }

    [Fact]
    public void OnlyDataSectionsWithGlobalVariablesAreMmapable()
    {
        // libbpf's map_is_mmapable: a section of statics only stays unmapped, so the verifier allows spin locks there.
        var spec = TestObjects.ParseFile(TestObjects.PathOf("globals.bpf.o"));
        Assert.Equal(MapFlags.None, spec.Maps[".data.statics"].Flags);
        Assert.Equal(MapFlags.Mmapable, spec.Maps[".data.custom"].Flags);
        Assert.Equal(MapFlags.Mmapable, spec.Maps[".bss"].Flags);
        Assert.Equal(MapFlags.Mmapable, spec.Maps[".data"].Flags);
        Assert.Equal(MapFlags.ReadOnlyProgram | MapFlags.Mmapable, spec.Maps[".rodata"].Flags);
        Assert.Contains("static_runs", spec.Variables.Keys);
    }

    [Fact]
    public void VariablesAreTypedWindowsOntoTheRodataImage()
    {
        var minDuration = _spec.Variables["min_duration_ns"];
        Assert.Equal(".rodata", minDuration.SectionName);
        Assert.Equal(8, minDuration.Size);
        Assert.Equal(0UL, minDuration.Get<ulong>());
        minDuration.Set(100_000_000UL);
        Assert.Equal(100_000_000UL, BitConverter.ToUInt64(_spec.Maps[".rodata"].InitialValue));
        Assert.Throws<ArgumentException>(() => minDuration.Set(5));
    }

    [Fact]
    public void ResolvesRelocationsToMapsAndGlobalData()
    {
        var references = _spec.Programs["handle_exec"].Function.References;
        Assert.Contains(references, r => r.Kind == ReferenceKind.Map && r.Target == "exec_start");
        Assert.Contains(references, r => r.Kind == ReferenceKind.Map && r.Target == "rb");
        Assert.Contains(references, r => r.Kind == ReferenceKind.GlobalData && r.Target == ".rodata");
        Assert.All(references, r => Assert.True(_spec.Programs["handle_exec"].Instructions[r.Index].IsLoadImm64));
    }

    [Fact]
    public void AttachesCoreRelocationsAndLineInfoToFunctions()
    {
        var exit = _spec.Programs["handle_exit"].Function;
        Assert.NotEmpty(exit.CoreRelocations);
        Assert.NotEmpty(exit.LineInfos);
        Assert.Equal(0u, exit.FunctionInfos.Single().InstructionOffset);
        Assert.All(exit.CoreRelocations, c => Assert.InRange((int)c.InstructionOffset, 0, exit.Instructions.Length - 1));
    }

    [Theory]
    [InlineData("bootstrap", ".rodata", "bootstra.rodata")]
    [InlineData("bootstrap", ".bss", "bootstra.bss")]
    [InlineData("a", ".data", "a.data")]
    [InlineData("bootstrap", ".rodata.str1.1", ".rodata.str1.1")]
    [InlineData("my-obj", ".data", "my_obj.data")]
    public void GlobalDataMapNamesFollowLibbpf(string objectName, string section, string expected) =>
        Assert.Equal(expected, ObjectSpecReader.GlobalDataMapName(objectName, section));

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x7f, (byte)'E', (byte)'L', (byte)'F' })]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64 })]
    public void RejectsWhatIsNotABpfObject(byte[] image) =>
        Assert.Throws<BpfFormatException>(() => ObjectSpec.Parse(image));
}
