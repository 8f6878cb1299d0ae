using System.Diagnostics;
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
    [Trait("Category", "Kernel")]
    public void Each_corpus_program_loaded_alone_has_libbpfs_tag()
    {
        var objects = Directory.EnumerateFiles(CorpusPaths.Directory, "*.bpf.o").Order(StringComparer.Ordinal)
            .Append(Path.Combine(Repository.Root, "bpf", "bootstrap.bpf.o")).ToList();
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(CorpusPaths.Directory, "differential.sh"));
        info.ArgumentList.Add("--mbpf");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mbpf"));
        foreach (var path in objects)
            info.ArgumentList.Add(path);

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "differential.sh did not finish in 5 minutes");
        process.WaitForExit();

        var report = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, report);
        var specs = objects.Select(o => ObjectSpec.ParseFile(o)).ToList();
        var needsAll = specs.Where(s => s.Maps.Values.Any(m => m.Type == ManagedBpf.Maps.MapType.ProgramArray && m.InitialSlots.Count > 0)).ToList();
        var programs = specs.Sum(s => s.Programs.Values.Count(p => p.AutoLoad));
        var refused = needsAll.Sum(s => s.Programs.Values.Count(p => p.AutoLoad));
        Assert.NotEmpty(needsAll);
        Assert.EndsWith($"{objects.Count} objects (0 refused by both), {programs - refused} programs with equal tags, {refused} refused by both, 0 differ\n", stdout.Result);
    }
}
