using System.Diagnostics;
using System.Text.RegularExpressions;
using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.Publish;

/// <summary>
/// The shipped form of ProcTracer and mbpf: each one native AOT file that needs nothing but libc, libm and the
/// dynamic loader, and works when copied alone into an empty directory and run with an empty environment. GenDemo
/// too, the program built on <c>mbpf gen</c>'s code: the trim and AOT analyzers find nothing in the generated file.
/// </summary>
public class PublishTests(PublishedExecutables executables) : IClassFixture<PublishedExecutables>
{
    /// <summary>mbpf's bound; proctracer may take 8 MiB with the fleet exporters (issue #16; 4.5 MiB in docs/fleet.md).</summary>
    private const long MaxSize = 4L * 1024 * 1024, MaxTracerSize = 8L * 1024 * 1024;

    public static TheoryData<string> Executables => new() { "proctracer", "mbpf", "gendemo" };

    [KernelTheory]
    [MemberData(nameof(Executables))]
    public void PublishSucceedsWithoutASingleWarning(string name)
    {
        var published = Of(name);
        Assert.True(published.ExitCode == 0, published.Output);
        Assert.DoesNotMatch(new Regex(@"warning [A-Z]+\d+", RegexOptions.IgnoreCase), published.Output);
    }

    [KernelTheory]
    [MemberData(nameof(Executables))]
    public void PublishingProducesExactlyOneFileWithinItsBound(string name)
    {
        var published = Of(name);
        var files = Directory.GetFiles(published.Directory);
        Assert.Equal([published.Executable], files);
        Assert.InRange(new FileInfo(published.Executable).Length, 1, name == "proctracer" ? MaxTracerSize : MaxSize);
    }

    [KernelTheory]
    [MemberData(nameof(Executables))]
    public void TheExecutableLinksOnlyLibcLibmAndTheLoader(string name)
    {
        var ldd = Run("ldd", Of(name).Executable);
        var libraries = ldd.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();
        Assert.NotEmpty(libraries);
        Assert.All(libraries, library => Assert.Matches(@"^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|/lib64/ld-linux-x86-64\.so\.2)$", library));
    }

    [KernelFact]
    public void AloneInAnEmptyDirectoryWithAnEmptyEnvironmentItTraces()
    {
        var lonely = Directory.CreateTempSubdirectory("proctracer-alone-").FullName;
        try
        {
            var executable = Path.Combine(lonely, "proctracer");
            File.Copy(executables.ProcTracer.Executable, executable);
            using var workload = new Workload();
            using var tracer = TracerProcess.Start(executable, [], emptyEnvironment: true);

            var mapped = File.ReadAllText($"/proc/{tracer.Id}/maps");
            Assert.DoesNotMatch(@"libbpf|libelf|libz\.so|libcoreclr|libclrjit", mapped);

            var (pid, _) = workload.Run("exit 0");
            var exec = tracer.WaitForLine(l => l.Contains(" EXEC ") && l.Contains($" {pid} ") && l.EndsWith(workload.Path), TimeSpan.FromSeconds(20));
            Assert.True(exec is not null, $"no EXEC row for {workload.Path}; stderr:\n{tracer.StandardError}");

            tracer.Signal(TracerProcess.SIGINT);
            Assert.Equal(0, tracer.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Directory.Delete(lonely, recursive: true);
        }
    }

    [KernelFact]
    public void MbpfAloneWithAnEmptyEnvironmentLoadsAnObject()
    {
        var lonely = Directory.CreateTempSubdirectory("mbpf-alone-").FullName;
        try
        {
            var executable = Path.Combine(lonely, "mbpf");
            File.Copy(executables.Mbpf.Executable, executable);
            var output = Run(executable, ["load", TestObjects.PathOf("bootstrap.bpf.o")], emptyEnvironment: true);
            Assert.Matches(@"^handle_exec [0-9a-f]{16}\nhandle_exit [0-9a-f]{16}\n$", output);
        }
        finally
        {
            Directory.Delete(lonely, recursive: true);
        }
    }

    [KernelFact]
    public void GenDemoAsNativeCodeTracesThroughTheGeneratedClass()
    {
        using var workload = new Workload();
        using var demo = TracerProcess.Start(executables.GenDemo.Executable, []);

        var (pid, _) = workload.Run("exit 5");

        var exit = demo.WaitForLine(l => l.Contains($" EXIT  {workload.Name}", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(exit is not null, $"no EXIT row for {workload.Name}; stderr:\n{demo.StandardError}");
        Assert.Matches($@"^\d\d:\d\d:\d\d EXIT  {workload.Name} +{pid} +{Environment.ProcessId} +\[5\] \(\d+ms\)$", exit);
        // SIGTERM: the demo, unlike ProcTracer, leaves an ignored SIGINT ignored (see GenDemoTests).
        demo.Signal(TracerProcess.SIGTERM);
        Assert.Equal(0, demo.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    private PublishedExecutable Of(string name) => name switch
    {
        "mbpf" => executables.Mbpf,
        "gendemo" => executables.GenDemo,
        _ => executables.ProcTracer,
    };

    private static string Run(string program, params string[] args) => Run(program, args, emptyEnvironment: false);

    private static string Run(string program, string[] args, bool emptyEnvironment)
    {
        var info = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, UseShellExecute = false };
        if (emptyEnvironment)
            info.Environment.Clear();
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
