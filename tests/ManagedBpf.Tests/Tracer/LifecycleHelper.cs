using System.Diagnostics;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// Helpers/lifecycle_helper.c, compiled once per test run with cc (tests/prerequisites has gcc): a process that ends
/// its main thread first, calls execveat, execs with an argument of a given size, or spawns a child at a chosen pid.
/// Tests run copies of it under unique names (<see cref="Workload"/>).
/// </summary>
internal static class LifecycleHelper
{
    private static readonly Lazy<string> Compiled = new(Compile);

    /// <summary>The compiled helper.</summary>
    public static string Path => Compiled.Value;

    private static string Compile()
    {
        var source = System.IO.Path.Combine(Repository.Root, "tests", "ManagedBpf.Tests", "Tracer", "Helpers", "lifecycle_helper.c");
        var output = System.IO.Path.Combine(Directory.CreateTempSubdirectory("mbpf-helper-").FullName, "lifecycle_helper");
        using var cc = Process.Start(new ProcessStartInfo("cc", ["-O2", "-Wall", "-pthread", "-o", output, source])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var errors = cc.StandardError.ReadToEnd();
        cc.WaitForExit();
        Assert.True(cc.ExitCode == 0, $"cc {source} failed:\n{errors}");
        return output;
    }
}
