namespace ManagedBpf;

/// <summary>How <see cref="BpfObject.Load"/> runs.</summary>
public sealed class LoadOptions
{
    /// <summary>The kernel BTF to resolve CO-RE relocations against; null for <c>/sys/kernel/btf/vmlinux</c>.</summary>
    public string? KernelBtfPath { get; init; }

    /// <summary>Receives the loader's debug lines (what it parsed, relocated, created and loaded), like libbpf's debug print.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Kernel config lines (<c>CONFIG_X=y</c>, one per line) that take precedence over the kernel's own config for
    /// the object's <c>__kconfig</c> externs, as libbpf's <c>kconfig</c> open option: for hosts without
    /// /proc/config.gz or /boot/config-*, or to try other values.
    /// </summary>
    public string? Kconfig { get; init; }

    /// <summary>Verifier log level for every program load (0: only on failure, where a retry collects the log).</summary>
    public uint VerifierLogLevel { get; init; }
}
