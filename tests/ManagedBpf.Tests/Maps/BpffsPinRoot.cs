using ManagedBpf.Maps;

namespace ManagedBpf.Tests.Maps;

/// <summary>
/// A fresh directory on bpffs for one test's pins (LoadOptions.PinRoot), so tests running at the same time, and the
/// corpus test's libbpf load (which pins at /sys/fs/bpf itself), never see each other's pins. Disposing removes the
/// directory and whatever is pinned in it.
/// </summary>
internal sealed class BpffsPinRoot : IDisposable
{
    public BpffsPinRoot(string purpose)
    {
        Bpffs.EnsureMounted();
        // bpffs refuses names with a dot.
        Path = System.IO.Path.Join(BpfMap.DefaultPinRoot, $"mbpf_{purpose}_{Environment.ProcessId}_{Guid.NewGuid():N}");
    }

    public string Path { get; }

    public string Of(string mapName) => System.IO.Path.Join(Path, mapName);

    public void Dispose()
    {
        if (Directory.Exists(Path))
            Directory.Delete(Path, recursive: true);
    }
}
