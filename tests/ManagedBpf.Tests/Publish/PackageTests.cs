using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ManagedBpf.Binaries;
using Xunit;

namespace ManagedBpf.Tests.Publish;

/// <summary>
/// The packages as a user takes them (docs/packaging.md): samples/PackageConsumer, a project outside the solution,
/// restores ManagedBpf and ManagedBpf.Build from the local feed into a packages folder of its own, generates its
/// typed class from its <c>&lt;BpfObject&gt;</c> with the package's generator, builds without a warning and traces a
/// real exec(); mbpf installs from the same feed as a .NET tool and shows an object, natively on this x86-64 host and,
/// installed as an arm64 host installs it, under user-mode emulation (the output equal to the x86-64 one's).
/// </summary>
public class PackageTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(2);

    [KernelFact]
    public void PackWritesTheLibrariesTheirSymbolsAndTheToolForEachRuntime()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.StandardOutput + feed.Pack.StandardError);
        foreach (var id in new[] { "ManagedBpf.Object", "ManagedBpf" })
        {
            using var package = ZipFile.OpenRead(feed.PackagePath(id));
            var files = package.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains($"lib/net10.0/{id}.dll", files);
            Assert.Contains($"lib/net10.0/{id}.xml", files);
            Assert.Contains("README.md", files);
            Assert.Contains("LICENSE", files);
            using var symbols = ZipFile.OpenRead(feed.PackagePath(id, ".snupkg"));
            Assert.Contains(symbols.Entries, e => e.FullName == $"lib/net10.0/{id}.pdb");
        }
        Assert.All(new[] { "mbpf", "mbpf.any", "mbpf.linux-x64", "mbpf.linux-arm64" }, id => Assert.True(File.Exists(feed.PackagePath(id)), $"no {id} package"));

        // The pointer package's settings: the RID-specific package dotnet tool install takes on each RID.
        using var pointer = ZipFile.OpenRead(feed.PackagePath("mbpf"));
        using var settings = pointer.Entries.Single(e => e.Name == "DotnetToolSettings.xml").Open();
        var packages = XDocument.Load(settings).Descendants("RuntimeIdentifierPackage")
            .Select(p => $"{p.Attribute("RuntimeIdentifier")?.Value}={p.Attribute("Id")?.Value}");
        Assert.Equal(["linux-x64=mbpf.linux-x64", "linux-arm64=mbpf.linux-arm64", "any=mbpf.any"], packages);
    }

    [KernelFact]
    public void TheBuildPackageCarriesTheBpfObjectTargetsAndTheGeneratorTheyRun()
    {
        Assert.True(feed.Pack.ExitCode == 0, feed.Pack.StandardOutput + feed.Pack.StandardError);
        using var package = ZipFile.OpenRead(feed.PackagePath("ManagedBpf.Build"));
        var files = package.Entries.Select(e => e.FullName).ToHashSet();

        Assert.Contains("buildTransitive/ManagedBpf.Build.props", files);
        Assert.Contains("buildTransitive/ManagedBpf.Build.targets", files);
        Assert.Contains("tools/mbpf/mbpf.dll", files);
        Assert.Contains("tools/mbpf/mbpf.runtimeconfig.json", files);
        Assert.Contains("tools/mbpf/ManagedBpf.CodeGen.dll", files);
        Assert.DoesNotContain(files, f => f.StartsWith("lib/", StringComparison.Ordinal));
        using var nuspec = new StreamReader(package.GetEntry("ManagedBpf.Build.nuspec")!.Open());
        Assert.Contains($"<dependency id=\"ManagedBpf\" version=\"{feed.Version}\"", nuspec.ReadToEnd());
    }

    [KernelFact]
    public void TheSampleRestoresFromTheFeedBuildsWithoutWarningsAndTracesAnExec()
    {
        var project = Directory.CreateTempSubdirectory("package-consumer-").FullName;
        try
        {
            CopySample(project);
            // A packages folder of its own: the restore takes every file from the feed (and nuget.org), so a file
            // missing from a package cannot hide behind an earlier run's copy.
            var packages = Path.Combine(project, "packages");
            var build = ProcessRun.Of(BuildTimeout, PackedFeed.Dotnet, "build", project, "-c", "Release", $"-p:ManagedBpfVersion={feed.Version}",
                "-p:TreatWarningsAsErrors=true", $"-p:RestorePackagesPath={packages}");
            Assert.True(build.ExitCode == 0, build.StandardOutput + build.StandardError);
            Assert.Contains(" 0 Warning(s)", build.StandardOutput);

            // A program of a name no one else runs, exec'd once the sample is tracing.
            var marker = Path.Combine(project, $"exec-marker-{Guid.NewGuid():N}"[..15]);
            File.Copy("/bin/true", marker);
            File.SetUnixFileMode(marker, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            var seen = TraceUntil(Path.Combine(project, "bin", "Release", "net10.0", "PackageConsumer.dll"), marker);
            Assert.Matches($@"^exec pid=\d+ comm={Regex.Escape(Path.GetFileName(marker))} filename={Regex.Escape(marker)}$", seen);
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }

    [KernelFact]
    public void MbpfInstallsFromTheFeedAsAToolAndShowsAnObject()
    {
        var tools = Directory.CreateTempSubdirectory("mbpf-tool-").FullName;
        try
        {
            // On x86-64 Linux the tool is the native AOT package's one executable, not a managed mbpf.dll.
            var executable = InstallTool(tools);
            Assert.Contains("mbpf.linux-x64", executable);
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(executable)!, "mbpf.dll")), executable);

            var run = ProcessRun.Of(ToolTimeout, Path.Combine(tools, "mbpf"), "object", TestObjects.PathOf("bootstrap.bpf.o"));

            Assert.True(run.ExitCode == 0, run.StandardError);
            Assert.Contains("handle_exec: section tp/sched/sched_process_exec, Tracepoint", run.StandardOutput);
        }
        finally
        {
            Directory.Delete(tools, recursive: true);
        }
    }

    [KernelFact]
    public void OnArm64TheToolIsANativeExecutableThatShowsWhatTheX64OneShows()
    {
        var x64 = Directory.CreateTempSubdirectory("mbpf-tool-").FullName;
        var arm64 = Directory.CreateTempSubdirectory("mbpf-tool-arm64-").FullName;
        try
        {
            var native = InstallTool(x64);
            var emulated = InstallTool(arm64, "linux-arm64");
            Assert.Contains("mbpf.linux-arm64", emulated);
            Assert.Equal(ElfBinary.MachineArm64, ElfBinary.Parse(File.ReadAllBytes(emulated), emulated).Machine);

            // Pure work, no bpf(2) (user-mode qemu has none): C# generated from an object's BTF, and the object shown
            // with its CO-RE relocations resolved against this kernel's BTF, which both read from the same file.
            var bootstrap = TestObjects.PathOf("bootstrap.bpf.o");
            string[][] commands = [["gen", bootstrap], ["object", bootstrap]];
            foreach (var command in commands)
            {
                var expected = ProcessRun.Of(ToolTimeout, native, command);
                Assert.True(expected.ExitCode == 0, expected.StandardError);
                // -L: the arm64 dynamic loader and C library of libc6-arm64-cross, as the executable's interpreter.
                var run = ProcessRun.Of(ToolTimeout, "qemu-aarch64-static", ["-L", "/usr/aarch64-linux-gnu", emulated, .. command]);

                Assert.True(run.ExitCode == 0, run.StandardError);
                Assert.Equal(expected.StandardOutput, run.StandardOutput);
            }
        }
        finally
        {
            Directory.Delete(x64, recursive: true);
            Directory.Delete(arm64, recursive: true);
        }
    }

    /// <summary>
    /// <c>dotnet tool install</c> of mbpf from the feed into <paramref name="tools"/>, as a host of
    /// <paramref name="runtimeIdentifier"/> installs it (the CLI told its RID by <see cref="StartupHook"/>; default:
    /// this host); the executable the installed mbpf command runs.
    /// </summary>
    private string InstallTool(string tools, string? runtimeIdentifier = null)
    {
        string[] install = [PackedFeed.Dotnet, "tool", "install", "mbpf", "--tool-path", tools, "--version", feed.Version, "--add-source", feed.Directory];
        var run = runtimeIdentifier is null
            ? ProcessRun.Of(BuildTimeout, install[0], install[1..])
            : ProcessRun.Of(BuildTimeout, "env", [$"DOTNET_STARTUP_HOOKS={typeof(StartupHook).Assembly.Location}",
                $"{StartupHook.RuntimeIdentifierVariable}={runtimeIdentifier}", .. install]);
        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        var command = Path.Combine(tools, "mbpf");
        return new FileInfo(command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? command;
    }

    /// <summary>The sample's sources and a nuget.config naming this run's feed (and nothing else's).</summary>
    private void CopySample(string project)
    {
        var sample = Path.Combine(Repository.Root, "samples", "PackageConsumer");
        foreach (var file in Directory.GetFiles(sample))
            File.Copy(file, Path.Combine(project, Path.GetFileName(file)));
        var config = File.ReadAllText(Path.Combine(sample, "nuget.config")).Replace("../../artifacts/packages", feed.Directory, StringComparison.Ordinal);
        Assert.Contains(feed.Directory, config);
        File.WriteAllText(Path.Combine(project, "nuget.config"), config);
    }

    /// <summary>Runs the sample until it prints the line of an exec of <paramref name="marker"/>, which runs once it traces.</summary>
    private static string TraceUntil(string sample, string marker)
    {
        var info = new ProcessStartInfo(PackedFeed.Dotnet, [sample]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var consumer = Process.Start(info)!;
        var errors = consumer.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow + EventTimeout;
            var ready = consumer.StandardOutput.ReadLineAsync();
            Assert.True(ready.Wait(EventTimeout), "the sample printed nothing");
            Assert.True(ready.Result == "tracing exec(): Ctrl-C to stop", $"{ready.Result}\n{(consumer.HasExited ? errors.Result : "")}");
            var line = consumer.StandardOutput.ReadLineAsync();
            while (DateTime.UtcNow < deadline)
            {
                using (var exec = Process.Start(marker)!)
                    exec.WaitForExit();
                while (line.Wait(TimeSpan.FromSeconds(2)))
                {
                    if (line.Result is not { } text)
                        throw new InvalidOperationException($"the sample ended: {errors.Result}");
                    if (text.Contains(marker, StringComparison.Ordinal))
                        return text;
                    line = consumer.StandardOutput.ReadLineAsync();
                }
            }
            Assert.Fail($"no line for {marker} in {EventTimeout}");
            return "";
        }
        finally
        {
            consumer.Kill(entireProcessTree: true);
            consumer.WaitForExit();
        }
    }
}
