using System.Diagnostics;
using Xunit;

namespace ManagedBpf.Tests;

/// <summary>bpftool pins what `prog loadall` loads under /sys/fs/bpf, which a fresh machine has not mounted.</summary>
internal static class Bpffs
{
    private static readonly Lazy<bool> Mounted = new(Mount);

    public static void EnsureMounted() => Assert.True(Mounted.Value, "cannot mount bpffs on /sys/fs/bpf");

    private static bool Mount()
    {
        using var process = Process.Start("bash", ["-c", "mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf"]);
        process.WaitForExit();
        return process.ExitCode == 0;
    }
}
