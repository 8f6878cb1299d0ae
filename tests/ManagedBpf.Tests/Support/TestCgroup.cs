using System.Diagnostics;
using System.Globalization;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Programs;
using Microsoft.Win32.SafeHandles;

namespace ManagedBpf.Tests.Support;

/// <summary>
/// A cgroup v2 of this test's own (a unique name under the unified hierarchy), removed on Dispose, with what the
/// map tests need of it: its directory fd, its id, and programs attached to it by BPF_LINK_CREATE.
/// </summary>
internal sealed class TestCgroup : IDisposable
{
    private readonly List<SafeFd> _links = [];

    public TestCgroup()
    {
        var root = MountInfo.Parse(File.ReadAllText("/proc/self/mountinfo")).Where(m => m.FileSystemType == "cgroup2").Select(m => m.MountPoint).FirstOrDefault()
            ?? throw new InvalidOperationException("no cgroup2 mount in /proc/self/mountinfo");
        Path = System.IO.Path.Join(root, $"mbpf-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
        Fd = TestSyscalls.OpenDirectory(Path);
        // A cgroup v2 id is its kernfs node id, which is the directory's inode number.
        Id = ulong.Parse(Run("stat", "-c", "%i", Path), CultureInfo.InvariantCulture);
    }

    public string Path { get; }

    public SafeFileHandle Fd { get; }

    public ulong Id { get; }

    /// <summary>BPF_LINK_CREATE of <paramref name="program"/> on this cgroup (5.7+); detached on Dispose.</summary>
    public void Attach(BpfProgram program, AttachType attachType)
    {
        using var programFd = HandleLease.Of(program.Fd);
        using var cgroupFd = HandleLease.Of(Fd);
        var attr = new LinkCreateAttr { ProgFd = (uint)programFd.Raw, TargetFd = (uint)cgroupFd.Raw, AttachType = (uint)attachType };
        var result = BpfSyscall.Invoke(BpfCommand.LinkCreate, ref attr, program.Name);
        _links.Add(SafeFd.FromRaw((int)result, "BPF_LINK_CREATE", program.Name));
    }

    public void Dispose()
    {
        foreach (var link in _links)
            link.Dispose();
        Fd.Dispose();
        Directory.Delete(Path);
    }

    private static string Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output.Trim() : throw new InvalidOperationException($"{file} exited with {process.ExitCode}");
    }
}
