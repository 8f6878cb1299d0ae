using BenchmarkDotNet.Attributes;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Kernel;

namespace ManagedBpf.Benchmarks;

/// <summary>
/// What CO-RE costs the tracer at start-up: indexing the kernel's BTF (126,700 types on 6.18), and that plus
/// parsing bootstrap.bpf.o and resolving each of its CO-RE relocations. cilium/ebpf's best published figure
/// for the same work is 7.66 ms and 1.25 MiB.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
public class BtfBenchmarks
{
    private readonly byte[] _tracerObject = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "bootstrap.bpf.o"));

    // KernelBtf.LoadVmlinux parses once per process and caches; what a process pays the first time is the parse.
    private readonly byte[] _vmlinux = File.ReadAllBytes(KernelBtf.VmlinuxPath);

    [Benchmark]
    public int ParseKernelBtf() => BtfSpec.Parse(_vmlinux).TypeCount;

    [Benchmark]
    public ulong ResolveTracerRelocations()
    {
        var spec = ObjectSpec.Parse(_tracerObject, "bootstrap");
        var relocator = new CoreRelocator(spec.Btf!, BtfSpec.Parse(_vmlinux));
        var sum = 0UL;
        foreach (var function in spec.Functions)
        {
            foreach (var record in function.CoreRelocations)
                sum += relocator.Resolve(record).NewValue;
        }
        return sum;
    }
}
