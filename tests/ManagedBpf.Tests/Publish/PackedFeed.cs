using ManagedBpf.Tests.Tracer;

namespace ManagedBpf.Tests.Publish;

/// <summary>
/// ./pack.sh run once per test run into a temporary folder, a local NuGet feed, with a version of its own: no
/// package of that version sits in the NuGet cache, so what the tests restore is what this run packed. The cache's
/// copies of that version are removed afterwards.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(20);

    public PackedFeed()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("managedbpf-feed-").FullName;
        Version = $"0.0.0-test.{Environment.ProcessId}.{Guid.NewGuid():N}";
        Pack = ProcessRun.Of(PackTimeout, Path.Combine(Repository.Root, "pack.sh"), "--version", Version, Directory);
    }

    /// <summary>The feed: every .nupkg and .snupkg of the repository.</summary>
    public string Directory { get; }

    /// <summary>The version every package of the feed has.</summary>
    public string Version { get; }

    /// <summary>How ./pack.sh ended.</summary>
    internal ProcessRun Pack { get; }

    /// <summary>The dotnet host that runs the tests, for the commands the tests run.</summary>
    public static string Dotnet => TracerCommand.Host;

    /// <summary>The package file <paramref name="id"/> of the feed (<paramref name="extension"/> .nupkg or .snupkg).</summary>
    public string PackagePath(string id, string extension = ".nupkg") => Path.Combine(Directory, $"{id}.{Version}{extension}");

    public void Dispose()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "managedbpf", "managedbpf.object", "managedbpf.build", "mbpf", "mbpf.any", "mbpf.linux-x64", "mbpf.linux-arm64" })
        {
            var cached = Path.Combine(cache, id, Version);
            if (System.IO.Directory.Exists(cached))
                System.IO.Directory.Delete(cached, recursive: true);
        }
    }
}
