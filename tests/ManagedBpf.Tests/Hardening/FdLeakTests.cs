using ManagedBpf.Interop;
using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.RingBuffer;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Hardening;

/// <summary>Runs alone (no parallel tests open fds meanwhile) and compares /proc/self/fd before and after.</summary>
[CollectionDefinition(nameof(FdLeakTests), DisableParallelization = true)]
public class FdLeakCollection;

[Collection(nameof(FdLeakTests))]
public class FdLeakTests
{
    [KernelFact]
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

    [KernelFact]
    public void AKernelObjectNeverKeepsFdZero()
    {
        // With stdin closed, the kernel hands out fd 0 for the next object; the UAPI reads 0 as "no fd", so SafeFd
        // must move it. Runs in this serial collection because it borrows the process's fd 0.
        var saved = Libc.Fcntl(0, Libc.F_DUPFD_CLOEXEC, 10);
        Libc.Close(0);
        try
        {
            using var map = BpfMap.Create(new MapSpec("fd_zero", MapType.Array, 4, 4, 1));
            Assert.NotEqual(0, (int)map.Fd.DangerousGetHandle());
            Assert.True(map.TryLookup(0u, out uint _));
            Assert.Equal(-1, Libc.Fcntl(0, 1 /* F_GETFD */, 0)); // the moved-from fd 0 was closed again
        }
        finally
        {
            if (saved >= 0)
            {
                Assert.Equal(0, Libc.Fcntl(saved, 0 /* F_DUPFD */, 0));
                Libc.Close(saved);
            }
        }
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
