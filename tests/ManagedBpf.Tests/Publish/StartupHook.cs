using System.Runtime.InteropServices;

/// <summary>
/// A .NET startup hook: with DOTNET_STARTUP_HOOKS naming this assembly, the runtime calls <see cref="Initialize"/>
/// before the program's Main (it looks for this type name outside any namespace), and the process reports
/// <see cref="RuntimeIdentifierVariable"/>'s value as its <see cref="RuntimeInformation.RuntimeIdentifier"/>.
/// PackageTests runs <c>dotnet tool install</c> so to install the tool an arm64 Linux host gets: the CLI picks the
/// package of a RID-specific tool by its own process's RID (ToolPackageDownloaderBase.ResolveRidSpecificPackage in
/// dotnet/sdk), <c>--arch arm64</c> fails on Linux before that ("The runtime identifier linux-arm64 is invalid",
/// dotnet/sdk#29074), and the host refuses RUNTIME_IDENTIFIER from a runtimeconfig.json. The property is read
/// lazily, on first use, so setting it here, before the CLI's Main, is what the host would have set on arm64.
/// </summary>
internal static class StartupHook
{
    /// <summary>The environment variable that holds the runtime identifier to report.</summary>
    public const string RuntimeIdentifierVariable = "MANAGEDBPF_TEST_RUNTIME_IDENTIFIER";

    /// <summary>Called by the runtime before Main.</summary>
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(RuntimeIdentifierVariable) is { Length: > 0 } runtimeIdentifier)
            AppContext.SetData("RUNTIME_IDENTIFIER", runtimeIdentifier);
    }
}
