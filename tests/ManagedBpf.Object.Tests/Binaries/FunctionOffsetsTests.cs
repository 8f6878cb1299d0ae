using System.Runtime.InteropServices;
using ManagedBpf.Binaries;
using Xunit;

namespace ManagedBpf.Tests.Binaries;

/// <summary>Function names to file offsets in a real shared library (this machine's libc), with versions as libbpf matches them.</summary>
public class FunctionOffsetsTests
{
    private static readonly Lazy<ElfBinary> Libc = new(() =>
    {
        var path = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "/lib/aarch64-linux-gnu/libc.so.6" : "/lib/x86_64-linux-gnu/libc.so.6";
        return ElfBinary.Parse(File.ReadAllBytes(path), path);
    });

    [Fact]
    public void AVersionedNameFindsTheSameFunctionAsTheBareOne()
    {
        var bare = FunctionOffsets.Find(Libc.Value, "malloc");
        var version = Libc.Value.Machine == ElfBinary.MachineArm64 ? "GLIBC_2.17" : "GLIBC_2.2.5";

        Assert.True(bare > 0);
        Assert.Equal(bare, FunctionOffsets.Find(Libc.Value, $"malloc@@{version}"));
        Assert.Equal(bare, FunctionOffsets.Find(Libc.Value, $"malloc@{version}"));
        Assert.Throws<BpfException>(() => FunctionOffsets.Find(Libc.Value, "malloc@@GLIBC_0.0"));
    }

    [Fact]
    public void ANamePrefixIsNoMatch() => Assert.Throws<BpfException>(() => FunctionOffsets.Find(Libc.Value, "mallo"));

    [Fact]
    public void TheOffsetIsInAnExecutableSegmentAtTheSymbolsAddress()
    {
        var offset = FunctionOffsets.Find(Libc.Value, "getppid");
        var segment = Libc.Value.Segments.Single(s => s.FileOffset <= offset && offset < s.FileOffset + s.MemorySize && s.Executable);
        var address = offset - segment.FileOffset + segment.VirtualAddress;
        Assert.Contains(Libc.Value.Functions(ElfBinary.DynamicSymbols), s => s.Name == "getppid" && s.Value == address);
    }

    [Fact]
    public void APatternMatchesEveryFunctionItCovers()
    {
        var offsets = FunctionOffsets.Matching(Libc.Value, "getppi?");
        Assert.Equal([FunctionOffsets.Find(Libc.Value, "getppid")], offsets.Distinct());
    }

    [Fact]
    public void NotAnElfFileIsAFormatError() =>
        Assert.Throws<BpfFormatException>(() => ElfBinary.Parse(new byte[100], "zeros"));
}
