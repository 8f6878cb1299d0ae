using Xunit;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// The C programs the uprobe, usdt and profile samples probe (Samples/*_target.c), built once per test run with gcc: the C
/// examples probe themselves, which a .NET sample cannot stand in for.
/// </summary>
internal static class SampleTargets
{
    private static readonly Lazy<string> UprobeTarget = new(() => Build("uprobe_target"));
    private static readonly Lazy<string> UsdtTarget = new(() => Build("usdt_target"));
    private static readonly Lazy<string> ProfileTarget = new(() => Build("profile_target"));

    /// <summary>Calls uprobed_add(i, i + 1) and uprobed_sub(i * i, i) for i below its argument.</summary>
    public static string Uprobe => UprobeTarget.Value;

    /// <summary>Prints its libc:setjmp probe's first and third arguments, then fires the probe every 100 ms.</summary>
    public static string Usdt => UsdtTarget.Value;

    /// <summary>Spins in spin() for its argument's seconds. (Every target has frame pointers: profile's user stacks
    /// are walked through them.)</summary>
    public static string Profile => ProfileTarget.Value;

    private static string Build(string name)
    {
        var executable = Path.Combine(Directory.CreateTempSubdirectory("mbpf_samples_").FullName, name);
        var gcc = ProcessRun.Of(TimeSpan.FromMinutes(2), "gcc", "-O2", "-fno-omit-frame-pointer", "-o", executable,
            Path.Combine(Repository.Root, "tests", "ManagedBpf.Tests", "Samples", name + ".c"));
        Assert.True(gcc.ExitCode == 0, $"gcc failed (usdt_target needs systemtap-sdt-dev for <sys/sdt.h>): {gcc.StandardError}");
        return executable;
    }
}
