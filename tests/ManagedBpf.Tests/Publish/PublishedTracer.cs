using System.Diagnostics;
using Xunit;

namespace ManagedBpf.Tests.Publish;

/// <summary>
/// `dotnet publish src/ProcTracer -c Release`, run once for the tests that inspect the result (a native AOT
/// publish takes about half a minute).
/// </summary>
public sealed class PublishedTracer : IDisposable
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    public PublishedTracer()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("proctracer-publish-").FullName;
        var info = new ProcessStartInfo(Tracer.TracerCommand.Host, ["publish", Path.Combine(Repository.Root, "src", "ProcTracer"), "-c", "Release", "-o", Directory])
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

    public string Executable => Path.Combine(Directory, "proctracer");

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
