using System.Diagnostics;

namespace ManagedBpf.Tests.Publish;

/// <summary>
/// `dotnet publish PROJECT -c Release` of a native AOT executable (the shipped ones under src/, and samples/GenDemo,
/// the generated code's AOT proof), run once for the tests that inspect the result (a native AOT publish takes about
/// half a minute).
/// </summary>
public sealed class PublishedExecutable : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    /// <param name="project">The project's directory, relative to the repository's root.</param>
    /// <param name="executable">The executable's name.</param>
    public PublishedExecutable(string project, string executable)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory($"{executable}-publish-").FullName;
        Executable = Path.Combine(Directory, executable);
        var info = new ProcessStartInfo(Tracer.TracerCommand.Host, ["publish", Path.Combine(Repository.Root, project), "-c", "Release", "-o", Directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var publish = Process.Start(info)!;
        var output = publish.StandardOutput.ReadToEndAsync();
        var errors = publish.StandardError.ReadToEndAsync();
        if (!publish.WaitForExit(PublishTimeout))
            publish.Kill(entireProcessTree: true);
        publish.WaitForExit();
        Output = output.Result + errors.Result;
        ExitCode = publish.ExitCode;
    }

    /// <summary>The publish directory: what a user gets.</summary>
    public string Directory { get; }

    /// <summary>Everything `dotnet publish` printed.</summary>
    public string Output { get; }

    public int ExitCode { get; }

    public string Executable { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

/// <summary>Both shipped executables and GenDemo, published once per test run.</summary>
public sealed class PublishedExecutables : IDisposable
{
    public PublishedExecutable ProcTracer { get; } = new("src/ProcTracer", "proctracer");

    public PublishedExecutable Mbpf { get; } = new("src/Mbpf", "mbpf");

    public PublishedExecutable GenDemo { get; } = new("samples/GenDemo", "gendemo");

    public void Dispose()
    {
        ProcTracer.Dispose();
        Mbpf.Dispose();
        GenDemo.Dispose();
    }
}
