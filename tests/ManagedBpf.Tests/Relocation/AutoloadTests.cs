using ManagedBpf.CoRe;
using Xunit;

namespace ManagedBpf.Tests.Relocation;

/// <summary>
/// libbpf's autoload semantics in a real load: a program whose autoload is off is neither relocated nor loaded, so
/// it never makes a load fail (bpf/testdata/autoload.bpf.c; Corpus/CorpusTagTests checks libbpf loads it alike).
/// </summary>
public class AutoloadTests
{
    private static readonly string Path = System.IO.Path.Combine(CorpusPaths.Directory, "autoload.bpf.o");

    [KernelFact]
    public void AnObjectWhoseDisabledProgramCannotBeRelocatedLoadsItsOtherPrograms()
    {
        using var obj = BpfObject.Load(ObjectSpec.ParseFile(Path));

        Assert.Equal(["autoload_on"], obj.Programs.Keys);
    }

    [KernelFact]
    public void TurnedOnTheProgramFailsTheLoadWithTheRelocationsReason()
    {
        var spec = ObjectSpec.ParseFile(Path);
        spec.Programs["never_loaded"].AutoLoad = true;

        var e = Assert.Throws<CoreRelocationException>(() => BpfObject.Load(spec));

        Assert.Contains("function 'never_loaded'", e.Message);
        Assert.Contains("can't be applied to array access", e.Message);
    }

    [KernelFact]
    public void ACallerTurnsProgramsOffBeforeTheLoad()
    {
        var spec = ObjectSpec.ParseFile(TestObjects.PathOf("bootstrap.bpf.o"));
        spec.Programs["handle_exit"].AutoLoad = false;

        using var obj = BpfObject.Load(spec);

        Assert.Equal(["handle_exec"], obj.Programs.Keys);
    }
}
