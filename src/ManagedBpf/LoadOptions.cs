namespace ManagedBpf;

/// <summary>How <see cref="BpfObject.Load"/> runs.</summary>
public sealed class LoadOptions
{
    /// <summary>The kernel BTF to resolve CO-RE relocations against; null for <c>/sys/kernel/btf/vmlinux</c>.</summary>
    public string? KernelBtfPath { get; init; }

    /// <summary>Receives the loader's debug lines (what it parsed, relocated, created and loaded), like libbpf's debug print.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Verifier log level for every program load (0: only on failure, where a retry collects the log).</summary>
    public uint VerifierLogLevel { get; init; }
}
