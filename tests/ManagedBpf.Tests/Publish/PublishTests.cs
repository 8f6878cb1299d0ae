using System.Diagnostics;
using System.Text.RegularExpressions;
using ManagedBpf.Tests.Tracer;
using Xunit;

namespace ManagedBpf.Tests.Publish;

/// <summary>
/// The shipped form of ProcTracer: one native AOT file that needs nothing but libc, libm and the dynamic
/// loader, and traces when copied alone into an empty directory and run with an empty environment.
/// </summary>
[Trait("Category", "Kernel")]
public class PublishTests(PublishedTracer published) : IClassFixture<PublishedTracer>
{
    private const long MaxSize = 4L * 1024 * 1024;

    [KernelFact]
    public void Publish_succeeds_without_a_single_warning()
    {
        Assert.True(published.ExitCode == 0, published.Output);
        Assert.DoesNotMatch(new Regex(@"warning [A-Z]+\d+", RegexOptions.IgnoreCase), published.Output);
    }

    [KernelFact]
    public void Publishing_produces_exactly_one_file_of_at_most_4_MiB()
    {
        var files = Directory.GetFiles(published.Directory);
        Assert.Equal([published.Executable], files);
        Assert.InRange(new FileInfo(published.Executable).Length, 1, MaxSize);
    }

    [KernelFact]
    public void The_executable_links_only_libc_libm_and_the_loader()
    {
        var ldd = Run("ldd", published.Executable);
        var libraries = ldd.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .ToList();
        Assert.NotEmpty(libraries);
        Assert.All(libraries, library => Assert.Matches(@"^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|/lib64/ld-linux-x86-64\.so\.2)$", library));
    }

    [KernelFact]
    public void Alone_in_an_empty_directory_with_an_empty_environment_it_traces()
    {
        var lonely = Directory.CreateTempSubdirectory("proctracer-alone-").FullName;
        try
        {
            var executable = Path.Combine(lonely, "proctracer");
            File.Copy(published.Executable, executable);
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

    private static string Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
