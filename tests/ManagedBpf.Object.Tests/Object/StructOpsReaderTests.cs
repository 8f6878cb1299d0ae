using ManagedBpf.Btf;
using ManagedBpf.Tests.Hardening;
using Xunit;

namespace ManagedBpf.Tests.Object;

/// <summary>The .struct_ops reader on objects whose BTF lies about the ops struct.</summary>
public class StructOpsReaderTests
{
    /// <summary>
    /// tests/Shared/regressions/struct_ops-mutant.bpf.o is bpf/testdata/struct_ops.bpf.o with one byte of its .BTF
    /// changed (found by mutating it): member 'name' of struct tcp_congestion_ops now starts at bit 0x8e0000, a
    /// megabyte past the 48-byte struct. It parsed, and laying the struct out for the kernel copied the member from
    /// there: ArgumentOutOfRangeException, and `mbpf load` died with SIGABRT.
    /// </summary>
    [Fact]
    public void AMemberOutsideItsStructIsAFormatErrorAtTheMembersOffsetInBtf()
    {
        var path = Regressions.PathOf("struct_ops-mutant.bpf.o");

        var e = Assert.Throws<BpfFormatException>(() => TestObjects.ParseFile(path));

        Assert.Equal(".BTF", e.Section);
        Assert.Equal(0x148, e.Offset); // struct [19] at 0x134, its first member's offset word 20 bytes further
        Assert.Contains("struct_ops variable 'corpus_cc': member 'name' of struct tcp_congestion_ops [1163264, +16) lies outside the struct's 48 bytes", e.Message);
    }

    [Theory]
    [InlineData(1, "at bit 1 is not byte-aligned")]
    [InlineData(48 * 8, "[48, +16) lies outside the struct's 48 bytes")]
    [InlineData(33 * 8, "[33, +16) lies outside the struct's 48 bytes")]
    public void EveryMemberMustLieWholeAndAlignedInsideTheStruct(uint bitOffset, string problem)
    {
        var image = File.ReadAllBytes(Path.Combine(CorpusPaths.Directory, "struct_ops.bpf.o"));
        var mutated = ObjectPatch.BtfWord(image, btf => btf.Raw(btf.FindTypeId("tcp_congestion_ops", BtfKind.Struct)).TrailerOffset + 8, bitOffset);

        var e = Assert.Throws<BpfFormatException>(() => ObjectSpec.Parse(mutated, "struct_ops"));

        Assert.Contains($"member 'name' of struct tcp_congestion_ops {problem}", e.Message);
    }
}
