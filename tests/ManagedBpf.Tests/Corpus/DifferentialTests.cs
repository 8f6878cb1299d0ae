using Xunit;

namespace ManagedBpf.Tests.Corpus;

/// <summary>
/// The program-by-program form of <see cref="CorpusTagTests"/>: bpf/testdata/differential.sh loads each program of
/// each object on its own, with libbpf (bpf/testdata/libbpf-each.c) and with ManagedBpf (<c>mbpf load --each</c>,
/// the apphost beside this assembly), and compares tags. Every corpus program must load alone and match: a
/// program whose subprograms or maps only load alongside another program would show here. The one exception is
/// an object whose program array is initialised with its programs: loaded alone, a program leaves the others'
/// slots without an fd, and both loaders refuse that.
/// </summary>
public class DifferentialTests
{
    [KernelFact]
    public void EachCorpusProgramLoadedAloneHasLibbpfsTag()
    {
        var objects = Directory.EnumerateFiles(CorpusPaths.Directory, "*.bpf.o").Order(StringComparer.Ordinal)
            .Append(Path.Combine(Repository.Root, "bpf", "bootstrap.bpf.o")).ToList();
        var run = ProcessRun.Of(TimeSpan.FromMinutes(5), "bash",
            [Path.Combine(CorpusPaths.Directory, "differential.sh"), "--mbpf", Path.Combine(AppContext.BaseDirectory, "mbpf"), .. objects]);

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var specs = objects.Select(o => ObjectSpec.ParseFile(o)).ToList();
        var needsAll = specs.Where(s => s.Maps.Values.Any(m => m.Type == ManagedBpf.Maps.MapType.ProgramArray && m.InitialSlots.Count > 0)).ToList();
        var programs = specs.Sum(s => s.Programs.Values.Count(p => p.AutoLoad));
        var refused = needsAll.Sum(s => s.Programs.Values.Count(p => p.AutoLoad));
        Assert.NotEmpty(needsAll);
        Assert.EndsWith($"{objects.Count} objects (0 refused by both), {programs - refused} programs with equal tags, {refused} refused by both, 0 differ\n", run.StandardOutput);
    }
}
