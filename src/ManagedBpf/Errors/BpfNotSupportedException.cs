namespace ManagedBpf;

/// <summary>
/// The running kernel lacks something the object or the call needs: a map type, a program type, an attach kind.
/// Raised after asking the kernel (a probe), never from its version number alone, so a distribution kernel that
/// backports a feature is not refused.
/// </summary>
public sealed class BpfNotSupportedException : BpfException
{
    /// <summary>The kernel lacks <paramref name="feature"/>, found by a probe.</summary>
    /// <param name="feature">The missing kernel feature, in the kernel's words.</param>
    /// <param name="minimumKernel">The first Linux version that has it, if known.</param>
    /// <param name="inner">The probe's failure, if any.</param>
    public BpfNotSupportedException(string feature, string? minimumKernel, Exception? inner = null)
        : base($"{feature} is not supported by this kernel{(minimumKernel is null ? "" : $"; it needs Linux {minimumKernel} or later")}", inner)
    {
        Feature = feature;
        MinimumKernel = minimumKernel;
    }

    /// <summary>What is missing, in the kernel's words (<c>BPF_MAP_TYPE_RINGBUF</c>).</summary>
    public string Feature { get; }

    /// <summary>The first mainline release that has it (<c>5.8</c>), when known.</summary>
    public string? MinimumKernel { get; }
}
