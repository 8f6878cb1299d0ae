namespace ManagedBpf.Tests;

/// <summary>The repository that contains the running test assembly (tests run from a build inside it).</summary>
internal static class Repository
{
    private static readonly Lazy<string> Found = new(Find);

    public static string Root => Found.Value;

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ManagedBpf.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"no ManagedBpf.sln above {AppContext.BaseDirectory}: run the tests from a build inside the repository");
    }
}
