using System.Diagnostics;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// Uniquely named programs to trace: a copy of /bin/sh (or another executable) under a fresh name, so its comm (the
/// first 15 bytes of the file name) and filename pick out exactly its rows among everything else the machine runs.
/// </summary>
internal sealed class Workload : IDisposable
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("mbpf-").FullName;

    public Workload(string prefix = "wl", string source = "/bin/sh")
    {
        Name = prefix + Guid.NewGuid().ToString("N")[..10];
        Path = System.IO.Path.Combine(_directory, Name);
        File.Copy(source, Path);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
    }

    /// <summary>The prefix and 10 random characters: with the default prefix, comm holds it whole.</summary>
    public string Name { get; }

    public string Path { get; }

    /// <summary>The directory the copy is in, also its working directory when it runs.</summary>
    public string Directory => _directory;

    /// <summary>Runs the shell copy with a script; returns its pid and exit code.</summary>
    public (int Pid, int ExitCode) Run(string script) => Start(["-c", script]);

    /// <summary>Runs the copy with these arguments, in its directory; returns its pid and exit code (and its stdout).</summary>
    public (int Pid, int ExitCode) Start(IEnumerable<string> arguments) => Start(arguments, out _);

    public (int Pid, int ExitCode) Start(IEnumerable<string> arguments, out string standardOutput)
    {
        var info = new ProcessStartInfo(Path, arguments) { UseShellExecute = false, WorkingDirectory = _directory, RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var pid = process.Id;
        standardOutput = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (pid, process.ExitCode);
    }

    public void Dispose() => System.IO.Directory.Delete(_directory, recursive: true);
}
