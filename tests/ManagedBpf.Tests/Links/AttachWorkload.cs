using System.Buffers.Binary;
using Xunit;

namespace ManagedBpf.Tests.Links;

/// <summary>
/// bpf/testdata/attach_kinds.bpf.o and its workload, AttachTarget.c, built once per test run with gcc into an
/// executable named mbpf_target (the programs recognise it by that comm).
/// </summary>
internal static class AttachWorkload
{
    /// <summary>Rounds the tests run: each calls mbpf_target_add(i, 100), fires mbpf_test:tick(i, 10 i), calls getppid.</summary>
    public const int Rounds = 5;

    private static readonly Lazy<string> Built = new(Build);

    public static string ObjectPath => Path.Combine(CorpusPaths.Directory, "attach_kinds.bpf.o");

    /// <summary>The workload executable.</summary>
    public static string Executable => Built.Value;

    /// <summary>Runs the workload; returns its one line (rounds, sums, how often it saw the USDT semaphore set).</summary>
    public static string Run(int rounds = Rounds)
    {
        var run = ProcessRun.Of(TimeSpan.FromSeconds(30), Executable, rounds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, run.ExitCode);
        return run.StandardOutput.Trim();
    }

    /// <summary>Loads the object with only <paramref name="programs"/> loaded.</summary>
    public static BpfObject Load(params string[] programs)
    {
        var spec = TestObjects.ParseFile(ObjectPath);
        foreach (var program in spec.Programs.Values)
            program.AutoLoad = programs.Contains(program.Name);
        return BpfObject.Load(spec);
    }

    /// <summary>A u64 counter of the object's .bss as the programs left it.</summary>
    public static ulong Counter(BpfObject loaded, string name) =>
        BinaryPrimitives.ReadUInt64LittleEndian(LoadedObjects.ReadGlobalData(loaded).AsSpan(loaded.Spec.Variables[name].Offset, 8));

    private static string Build()
    {
        var directory = Directory.CreateTempSubdirectory("mbpf_target_");
        var executable = Path.Combine(directory.FullName, "mbpf_target");
        var gcc = ProcessRun.Of(TimeSpan.FromMinutes(2), "gcc", "-O2", "-o", executable,
            Path.Combine(Repository.Root, "tests", "ManagedBpf.Tests", "Links", "AttachTarget.c"));
        Assert.True(gcc.ExitCode == 0, $"gcc failed (needs systemtap-sdt-dev for <sys/sdt.h>): {gcc.StandardError}");
        return executable;
    }
}
