using ManagedBpf.Tests.Maps;
using Xunit;

namespace ManagedBpf.Tests.Corpus;

/// <summary>
/// The differential test against libbpf: every object of the BPF corpus in bpf/testdata/ is loaded by libbpf (through
/// bpf/testdata/libbpf-tags.sh and its libbpf-load.c) and by ManagedBpf, and each program must get the same kernel tag from
/// both. The tag is a hash of the instructions the kernel was given, so equal tags mean ManagedBpf produced the very
/// instructions libbpf did: CO-RE relocations (poisoned ones included), subprogram append order, map and global
/// data references. The objects are read from the repository (found by walking up to ManagedBpf.sln), not copied
/// beside the test assembly.
/// </summary>
public class CorpusTagTests
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The file names of every bpf/testdata/*.bpf.o, one theory case each.</summary>
    public static TheoryData<string> Objects()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(CorpusPaths.Directory, "*.bpf.o").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [KernelTheory]
    [MemberData(nameof(Objects))]
    public void EveryProgramHasTheTagLibbpfGivesIt(string objectFile)
    {
        var path = Path.Combine(CorpusPaths.Directory, objectFile);
        var expected = LibbpfTags(path);
        Assert.NotEmpty(expected);

        var spec = ObjectSpec.ParseFile(path);
        // Maps pinned by name go to a directory of this test's own, removed afterwards, not to /sys/fs/bpf.
        using var pins = new BpffsPinRoot("corpus");
        using var obj = BpfObject.Load(spec, new LoadOptions { PinRoot = pins.Path });

        var problems = new List<string>();
        foreach (var (program, libbpfTag) in expected)
        {
            if (!obj.Programs.TryGetValue(program, out var loaded))
                problems.Add($"{objectFile}: program '{program}' was loaded by libbpf (tag {libbpfTag}) but not by ManagedBpf");
            else if (!string.Equals(loaded.Tag, libbpfTag, StringComparison.OrdinalIgnoreCase))
                problems.Add($"{objectFile}: program '{program}': ManagedBpf tag {loaded.Tag}, libbpf tag {libbpfTag}");
        }
        foreach (var program in obj.Programs.Keys.Where(p => !expected.ContainsKey(p)))
            problems.Add($"{objectFile}: program '{program}' was loaded by ManagedBpf but not by libbpf");

        if (problems.Count > 0)
            Assert.Fail(string.Join("\n", problems));
    }

    [Fact]
    public void EveryCorpusSourceHasItsCommittedObject()
    {
        var sources = Directory.EnumerateFiles(CorpusPaths.Directory, "*.bpf.c").Select(p => Path.GetFileName(p)[..^2]).Order(StringComparer.Ordinal);
        var objects = Directory.EnumerateFiles(CorpusPaths.Directory, "*.bpf.o").Select(p => Path.GetFileName(p)[..^2]).Order(StringComparer.Ordinal);
        Assert.Equal(sources, objects);
        Assert.NotEmpty(sources);
    }

    /// <summary>Program name → tag, as libbpf loads <paramref name="objectPath"/> (bpf/testdata/libbpf-tags.sh builds and runs libbpf-load.c).</summary>
    internal static Dictionary<string, string> LibbpfTags(string objectPath)
    {
        var run = ProcessRun.Of(ScriptTimeout, "bash", Path.Combine(CorpusPaths.Directory, "libbpf-tags.sh"), objectPath);
        if (run.ExitCode != 0)
            Assert.Fail($"libbpf-tags.sh {Path.GetFileName(objectPath)} failed with exit code {run.ExitCode}:\n{run.StandardError}");

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || fields[2].Length != 16)
                Assert.Fail($"libbpf-tags.sh printed '{line}', not 'OBJFILE PROGNAME TAG'");
            if (!tags.TryAdd(fields[1], fields[2]))
                Assert.Fail($"libbpf-tags.sh printed program '{fields[1]}' twice");
        }
        return tags;
    }
}
