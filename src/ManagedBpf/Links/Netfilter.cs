using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>
/// Attaching a BPF_PROG_TYPE_NETFILTER program to a netfilter hook as a bpf link (BPF_LINK_CREATE with BPF_NETFILTER,
/// 6.4+; libbpf's bpf_program__attach_netfilter). The program returns NF_ACCEPT (1) or NF_DROP (0).
/// </summary>
public static class Netfilter
{
    /// <summary>NFPROTO_IPV4 and NFPROTO_IPV6 (include/uapi/linux/netfilter.h).</summary>
    public const uint Ipv4 = 2, Ipv6 = 10;

    /// <summary>NF_INET_PRE_ROUTING, LOCAL_IN, FORWARD, LOCAL_OUT, POST_ROUTING.</summary>
    public const uint PreRouting = 0, LocalIn = 1, Forward = 2, LocalOut = 3, PostRouting = 4;

    extension(BpfProgram program)
    {
        /// <summary>Attaches this program to hook <paramref name="hook"/> of <paramref name="protocolFamily"/>.</summary>
        /// <param name="protocolFamily"><see cref="Ipv4"/> or <see cref="Ipv6"/>.</param>
        /// <param name="hook">One of the NF_INET_* hooks.</param>
        /// <param name="priority">Where among the hook's functions it runs (lower first; the kernel refuses the
        /// extremes INT_MIN and INT_MAX).</param>
        /// <param name="flags">BPF_F_NETFILTER_IP_DEFRAG (1) to see defragmented packets (6.6+).</param>
        public BpfLink AttachNetfilter(uint protocolFamily, uint hook, int priority, uint flags = 0)
        {
            var description = $"netfilter pf {protocolFamily} hook {hook} priority {priority}";
            var attr = new LinkCreateAttr { NetfilterPf = protocolFamily, NetfilterHooknum = hook, NetfilterPriority = priority, NetfilterFlags = flags };
            return LinkCreate.Link(program, 0, AttachType.Netfilter, ref attr, description, "netfilter links (BPF_NETFILTER)", "6.4");
        }
    }
}
