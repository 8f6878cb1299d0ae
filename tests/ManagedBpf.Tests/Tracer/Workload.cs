using System.Diagnostics;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// Uniquely named programs to trace: a copy of /bin/sh under a fresh name, so its comm (the first 15 bytes of
/// the file name) and filename pick out exactly its rows among everything else the machine runs.
/// </summary>
internal sealed class Workload : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mbpf-").FullName;

    public Workload(string prefix = "wl")
    {
        Name = prefix + Guid.NewGuid().ToString("N")[..10];
        Path = System.IO.Path.Combine(_directory, Name);
        File.Copy("/bin/sh", Path);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
    }

    /// <summary>The prefix and 10 random characters: with the default prefix, comm holds it whole.</summary>
    public string Name { get; }

    public string Path { get; }

    /// <summary>Runs the shell copy with a script; returns its pid and exit code.</summary>
    public (int Pid, int ExitCode) Run(string script)
    {
        using var process = Process.Start(new ProcessStartInfo(Path, ["-c", script]) { UseShellExecute = false })!;
        var pid = process.Id;
        process.WaitForExit();
        return (pid, process.ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
