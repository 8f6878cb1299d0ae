using ManagedBpf.Maps;

namespace ManagedBpf;

/// <summary>How <see cref="BpfObject.Load"/> runs.</summary>
public sealed class LoadOptions
{
    /// <summary>The kernel BTF to resolve CO-RE relocations against; null for <c>/sys/kernel/btf/vmlinux</c>.</summary>
    public string? KernelBtfPath { get; init; }

    /// <summary>Receives the loader's debug lines (what it parsed, relocated, created and loaded), like libbpf's debug print.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Where maps declared with <c>__uint(pinning, LIBBPF_PIN_BY_NAME)</c> are pinned (as <c>PinRoot/map_name</c>) and
    /// looked for to reuse (libbpf's pin_root_path). Must be on a bpf filesystem; bpffs is mounted at the default
    /// root if it is not there yet.
    /// </summary>
    public string PinRoot { get; init; } = BpfMap.DefaultPinRoot;

    /// <summary>
    /// Kernel config lines (<c>CONFIG_X=y</c>, one per line) that take precedence over the kernel's own config for
    /// the object's <c>__kconfig</c> externs, as libbpf's <c>kconfig</c> open option: for hosts without
    /// /proc/config.gz or /boot/config-*, or to try other values.
    /// </summary>
    public string? Kconfig { get; init; }

    /// <summary>Verifier log level for every program load (0: only on failure, where a retry collects the log).</summary>
    public uint VerifierLogLevel { get; init; }
}
