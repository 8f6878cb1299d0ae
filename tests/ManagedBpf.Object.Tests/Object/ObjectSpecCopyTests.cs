using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Object;

/// <summary>
/// <see cref="ObjectSpec.Copy"/>: one parse serving many loads. What a caller may edit (programs' settings, maps,
/// variables and the images they write) belongs to each copy; what nobody edits (functions, BTF) is shared.
/// </summary>
public class ObjectSpecCopyTests
{
    private readonly ObjectSpec _original = TestObjects.ParseBootstrap();

    [Fact]
    public void AVariableSetInACopyChangesNeitherTheOriginalNorOtherCopies()
    {
        var copy = _original.Copy();
        var other = _original.Copy();

        copy.Variables["min_duration_ns"].Set(100_000_000UL);

        Assert.Equal(100_000_000UL, copy.Variables["min_duration_ns"].Get<ulong>());
        Assert.Equal(100_000_000UL, BitConverter.ToUInt64(copy.Maps[".rodata"].InitialValue!, copy.Variables["min_duration_ns"].Offset));
        Assert.Equal(0UL, _original.Variables["min_duration_ns"].Get<ulong>());
        Assert.Equal(0UL, other.Variables["min_duration_ns"].Get<ulong>());
        Assert.Same(copy.Maps[".rodata"], copy.Variables["min_duration_ns"].Map);
    }

    [Fact]
    public void MapsAndProgramsEditedInACopyStayAsTheyWereInTheOriginal()
    {
        var copy = _original.Copy();

        copy.Maps["exec_start"].MaxEntries = 16;
        copy.Programs["handle_exit"].AutoLoad = false;
        copy.Programs["handle_exec"].Type = ProgramType.RawTracepoint;

        Assert.Equal(8192u, _original.Maps["exec_start"].MaxEntries);
        Assert.True(_original.Programs["handle_exit"].AutoLoad);
        Assert.Equal(ProgramType.Tracepoint, _original.Programs["handle_exec"].Type);
        Assert.Equal(_original.Programs.Keys, copy.Programs.Keys);
        Assert.Equal(_original.Maps.Keys, copy.Maps.Keys);
    }

    [Fact]
    public void InnerMapsAndSlotsAreTheCopysOwn()
    {
        var nested = TestObjects.ParseFile(Path.Combine(CorpusPaths.Directory, "maps_nested.bpf.o"));
        var (name, outer) = nested.Maps.First(m => m.Value.InnerMap is not null && m.Value.InitialSlots.Count > 0);
        var copy = nested.Copy();

        copy.Maps[name].InnerMap!.MaxEntries += 1;
        copy.Maps[name].InitialSlots.Clear();

        Assert.NotEqual(copy.Maps[name].InnerMap!.MaxEntries, outer.InnerMap!.MaxEntries);
        Assert.NotEmpty(outer.InitialSlots);
    }

    [Fact]
    public void WhatNobodyEditsIsShared()
    {
        var copy = _original.Copy();

        Assert.Same(_original.Btf, copy.Btf);
        Assert.Equal(_original.Functions, copy.Functions);
        Assert.Same(_original.Programs["handle_exec"].Function, copy.Programs["handle_exec"].Function);
        Assert.Equal(_original.Programs["handle_exec"].AttachTarget, copy.Programs["handle_exec"].AttachTarget);
    }
}
