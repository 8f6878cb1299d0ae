using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// BPF_LINK_CREATE for every kind that makes a bpf link directly (libbpf's bpf_link_create): the caller fills the
/// per-kind arm of the attr, this fills the program, target and attach type, and turns the errno into an exception
/// that names the kernel support a refusal means.
/// </summary>
internal static class LinkCreate
{
    /// <param name="program">The program to attach.</param>
    /// <param name="target">The target fd (cgroup, netns, perf event) or ifindex (xdp, tcx), 0 for none.</param>
    /// <param name="attachType">The link's attach type.</param>
    /// <param name="attr">The attr with the kind's own fields set.</param>
    /// <param name="description">What is attached where, for the link and errors.</param>
    /// <param name="feature">The kernel support this kind needs, named for <see cref="BpfNotSupportedException"/>.</param>
    /// <param name="minimumKernel">The first release that has it.</param>
    public static SafeFd Create(BpfProgram program, int target, AttachType attachType, ref LinkCreateAttr attr, string description,
        string feature, string minimumKernel)
    {
        using var programFd = HandleLease.Of(program.Fd);
        attr.ProgFd = (uint)programFd.Raw;
        attr.TargetFd = (uint)target;
        attr.AttachType = (uint)attachType;
        var fd = BpfSyscall.TryInvoke(BpfCommand.LinkCreate, ref attr, out var errno);
        if (fd >= 0)
            return SafeFd.FromRaw((int)fd, "BPF_LINK_CREATE", description);
        var error = SyscallError.Create("BPF_LINK_CREATE", errno, description,
            errno == Errno.EINVAL ? $"the kernel may lack {feature} (Linux {minimumKernel}+), or the program's type or expected attach type does not fit" : null);
        // EOPNOTSUPP/ENOTSUPP: the kernel knows the command but was built without the kind (e.g. no CONFIG_FPROBE for
        // kprobe.multi); E2BIG: it does not know the attr fields the kind needs.
        throw errno is Errno.EOPNOTSUPP or Errno.ENOTSUPP or Errno.E2BIG
            ? new BpfNotSupportedException(feature, minimumKernel, error)
            : error;
    }

    /// <summary>A link made by <see cref="Create"/>, owned by the returned <see cref="BpfLink"/>.</summary>
    public static BpfLink Link(BpfProgram program, int target, AttachType attachType, ref LinkCreateAttr attr, string description,
        string feature, string minimumKernel)
    {
        var fd = Create(program, target, attachType, ref attr, description, feature, minimumKernel);
        try
        {
            return new BpfLink(description, fd, null);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }
}
