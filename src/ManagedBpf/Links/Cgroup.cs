using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a cgroup program (cgroup_skb, cgroup/sock, cgroup/connect4, sockops, cgroup/dev, cgroup/sysctl,
/// cgroup/getsockopt ...) to a cgroup v2 directory as a bpf link (BPF_LINK_CREATE on the directory's fd, 5.7+;
/// libbpf's bpf_program__attach_cgroup). The link's attach type is the program's expected attach type, which each
/// cgroup section sets; the program runs for every task in the cgroup and its descendants, alongside other
/// programs on the same hook (links are always BPF_F_ALLOW_MULTI).
/// </summary>
public static class Cgroup
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to the cgroup v2 directory <paramref name="cgroupPath"/>.</summary>
        /// <param name="cgroupPath">A directory of the cgroup v2 hierarchy (e.g. under /sys/fs/cgroup).</param>
        /// <param name="attachType">The hook, when the program's expected attach type does not name it (<c>cgroup/skb</c>
        /// sections load without one).</param>
        /// <exception cref="BpfSyscallException">Not a cgroup v2 directory (EBADF), or the hook does not fit the program.</exception>
        public BpfLink AttachCgroup(string cgroupPath, AttachType? attachType = null)
        {
            using var cgroup = Files.OpenReadOnly(cgroupPath, directory: true);
            var type = attachType ?? program.ExpectedAttachType;
            var description = $"cgroup {cgroupPath} {type}";
            var attr = default(LinkCreateAttr);
            using var target = HandleLease.Of(cgroup);
            return LinkCreate.Link(program, target.Raw, type, ref attr, description, "cgroup links (BPF_LINK_CREATE on a cgroup)", "5.7");
        }
    }
}
