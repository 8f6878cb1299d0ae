using ManagedBpf.Btf;

namespace ManagedBpf.Kernel;

/// <summary>
/// What the running kernel supports, found by asking it (loading a minimal object of each kind), as libbpf's
/// probe_kern_* functions do: version numbers lie on distribution kernels that backport or disable features.
/// Each answer is computed once per process.
/// </summary>
public static class KernelFeatures
{
    private static readonly Lazy<BtfFeatures> BtfSupport = new(ProbeBtf);
    private static readonly Lazy<bool> BpfCookieSupport = new(KernelProbes.BpfCookie);
    private static readonly Lazy<bool> SyscallWrapperSupport = new(KernelProbes.SyscallWrapper);

    /// <summary>The BTF kinds BPF_BTF_LOAD accepts on this kernel.</summary>
    public static BtfFeatures Btf => BtfSupport.Value;

    /// <summary>bpf_get_attach_cookie() is callable (5.15+): the kconfig extern LINUX_HAS_BPF_COOKIE.</summary>
    public static bool BpfCookie => BpfCookieSupport.Value;

    /// <summary>Syscalls can be kprobed at their arch wrapper: the kconfig extern LINUX_HAS_SYSCALL_WRAPPER.</summary>
    public static bool SyscallWrapper => SyscallWrapperSupport.Value;

    private static BtfFeatures ProbeBtf()
    {
        var supported = BtfFeatures.None;
        foreach (var (feature, blob) in BtfProbes.All())
        {
            if (BtfProbes.Accepted(blob))
                supported |= feature;
        }
        return supported;
    }
}
