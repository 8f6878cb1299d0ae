using ManagedBpf.Tests.Hardening;
using Xunit;

namespace ManagedBpf.Tests.Object;

/// <summary>Global variables are read from their symbols: one that claims to lie outside its section is a format error.</summary>
public class GlobalVariableReaderTests
{
    private static byte[] Image => File.ReadAllBytes(Path.Combine(CorpusPaths.Directory, "externs_kconfig.bpf.o"));

    [Theory]
    [InlineData(ulong.MaxValue)] // the fuzzer's find: value + size wrapped below the section size
    [InlineData(ulong.MaxValue - 0x3f)]
    [InlineData(1UL)] // 64 bytes at 1 run one byte past the 64-byte .bss
    public void AVariableOutsideItsSectionIsAFormatErrorAtItsSymbol(ulong value)
    {
        var mutated = ObjectPatch.SymbolValue(Image, "seen", value);

        var e = Assert.Throws<BpfFormatException>(() => ObjectSpec.Parse(mutated, "externs"));

        Assert.Equal(".symtab", e.Section);
        Assert.Contains($"variable 'seen' [{value}, +64) lies outside its section .bss (64 bytes)", e.Message);
    }

    [Fact]
    public void AVariableThatEndsAtTheSectionEndIsRead()
    {
        var spec = ObjectSpec.Parse(Image, "externs");

        Assert.Equal((0, 64), (spec.Variables["seen"].Offset, spec.Variables["seen"].Size));
        Assert.Equal(64, spec.Variables["seen"].Value.Length);
    }
}
