using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.RingBuf;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

/// <summary>Runs alone (no parallel tests open fds meanwhile) and compares /proc/self/fd before and after.</summary>
[CollectionDefinition(nameof(FdLeakTests), DisableParallelization = true)]
public class FdLeakCollection;

[Trait("Category", "Kernel")]
[Collection(nameof(FdLeakTests))]
public class FdLeakTests
{
    [Fact]
    public void DisposeReleasesEveryFdAndMapping()
    {
        Cycle(); // warm up: lazy runtime fds (tracefs lookups, process pipes) are not leaks
        var fdsBefore = OpenFds();
        var mapsBefore = Mappings();
        for (var i = 0; i < 3; i++)
            Cycle();
        Assert.Equal(fdsBefore, OpenFds());
        Assert.Equal(mapsBefore, Mappings());
    }

    private static void Cycle()
    {
        using var ring = BpfMap.Create(new MapSpec("leak_rb", MapType.RingBuf, 0, 0, 4096));
        using var reader = new RingBufferReader(ring);
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("leak_prog", TestPrograms.OutputPidTgid(ring)));
        using var link = program.AttachTracepoint("sched", "sched_process_exec");
        reader.Consume(_ => { });
        Assert.Equal(2, Mappings()); // consumer page + producer/data area, so the after-count means something
    }

    // Settles finalizers first: objects other tests dropped can close fds at any moment otherwise.
    private static int OpenFds()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Directory.GetFileSystemEntries("/proc/self/fd").Length;
    }

    private static int Mappings() =>
        File.ReadAllLines("/proc/self/maps").Count(line => line.Contains("anon_inode:bpf-map", StringComparison.Ordinal));
}
