using ManagedBpf.Btf;
using Xunit;

namespace ManagedBpf.Tests.Externs;

/// <summary>
/// What bpf/testdata/libbpf_headers.bpf.c needs beyond equal instructions (its tags are in <see cref="Corpus.CorpusTagTests"/>):
/// usdt.bpf.h's <c>__hidden</c> global subprograms must reach the kernel as static FUNCs, or the verifier checks
/// them alone and rejects them; a perf event array without max_entries gets one slot per possible CPU.
/// </summary>
public class LibbpfHeadersTests
{
    private static ObjectSpec Spec() => ObjectSpec.ParseFile(Path.Combine(CorpusPaths.Directory, "libbpf_headers.bpf.o"));

    [Fact]
    public void HiddenGlobalSubprogramsBecomeStaticInTheBtfTheKernelGets()
    {
        var spec = Spec();
        var prepared = BtfSpec.Parse(BpfObject.PrepareBtf(spec, BtfFeatures.All));

        foreach (var name in new[] { "bpf_usdt_arg", "bpf_usdt_arg_cnt", "bpf_usdt_cookie" })
        {
            var original = (BtfFunction)spec.Btf!.GetType(spec.Btf.FindTypeId(name, BtfKind.Function));
            var loaded = (BtfFunction)prepared.GetType(prepared.FindTypeId(name, BtfKind.Function));
            Assert.Equal(BtfFunctionLinkage.Global, original.Linkage);
            Assert.Equal(BtfFunctionLinkage.Static, loaded.Linkage);
        }
    }

    [KernelFact]
    public void TheObjectLoadsAndItsPerfEventArrayHasASlotPerPossibleCpu()
    {
        using var obj = BpfObject.Load(Spec());

        Assert.Equal(2, obj.Programs.Count);
        Assert.Equal(0u, obj.Spec.Maps["events"].MaxEntries);
        Assert.Equal((uint)PossibleCpuCount(), obj.Maps["events"].MaxEntries);
    }

    /// <summary>/sys/devices/system/cpu/possible, e.g. "0-3" or "0,2-5".</summary>
    private static int PossibleCpuCount() =>
        File.ReadAllText("/sys/devices/system/cpu/possible").Trim().Split(',')
            .Sum(range => range.Split('-') is [var first, var last] ? int.Parse(last) - int.Parse(first) + 1 : 1);
}
