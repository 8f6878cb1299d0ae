using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using ManagedBpf.Maps;

namespace ManagedBpf.Benchmarks;

/// <summary>
/// Reading every entry of a 1,000,000-entry hash map (u32 keys, u64 values) from user space: the typed
/// <see cref="BpfMap.Entries{TKey, TValue}"/> walk against the baseline, libbpf's <c>bpf_map_lookup_batch</c> in a
/// loop with the same batch size into buffers allocated once (libbpf 1.1, called in process). Both sum the values, so
/// each entry is read. Goal: at most 1.0x the baseline, and no allocation per entry. Run by bench/maps.sh, as root.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public partial class MapIterationBenchmarks
{
    private const uint Entries = 1_000_000;

    // MapEntries' batch: 64 KiB of keys and values.
    private const int Batch = 64 * 1024 / (sizeof(uint) + sizeof(ulong));

    private BpfMap _map = null!;
    private int _fd;
    private readonly uint[] _keys = new uint[Batch];
    private readonly ulong[] _values = new ulong[Batch];

    [GlobalSetup]
    public void Setup()
    {
        _map = BpfMap.Create(new MapSpec($"bench_iter_{Environment.ProcessId}", MapType.Hash, sizeof(uint), sizeof(ulong), Entries, MapFlags.None));
        var keys = new uint[Entries];
        var values = new ulong[Entries];
        for (var i = 0u; i < Entries; i++)
            (keys[i], values[i]) = (i * 2654435761u, i);
        _map.UpdateBatch<uint, ulong>(keys, values);
        var added = false;
        _map.Fd.DangerousAddRef(ref added);
        _fd = (int)_map.Fd.DangerousGetHandle();
        if (EntriesSum() != LibbpfLookupBatchSum())
            throw new InvalidOperationException("the two walks disagree");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _map.Fd.DangerousRelease();
        _map.Dispose();
    }

    [Benchmark]
    public ulong EntriesSum()
    {
        ulong sum = 0;
        foreach (var entry in _map.Entries<uint, ulong>())
            sum += entry.Value;
        return sum;
    }

    [Benchmark(Baseline = true)]
    public unsafe ulong LibbpfLookupBatchSum()
    {
        // libbpf's batch position for a hash map is a u32 bucket index; out_batch of one call is in_batch of the next.
        uint position = 0;
        ulong sum = 0;
        var first = true;
        fixed (uint* keys = _keys)
        fixed (ulong* values = _values)
        {
            while (true)
            {
                var count = (uint)Batch;
                var result = BpfMapLookupBatch(_fd, first ? null : &position, &position, keys, values, &count, null);
                first = false;
                for (var i = 0; i < count; i++)
                    sum += values[i];
                if (result == -2) // -ENOENT: the last batch
                    return sum;
                if (result < 0)
                    throw new InvalidOperationException($"bpf_map_lookup_batch: {result}");
            }
        }
    }

    // Benchmark-only: the library's own native calls stay in src/ManagedBpf/Interop.
    [LibraryImport("libbpf.so.1", EntryPoint = "bpf_map_lookup_batch")]
    private static unsafe partial int BpfMapLookupBatch(int fd, void* inBatch, void* outBatch, void* keys, void* values, uint* count, void* opts);
}
