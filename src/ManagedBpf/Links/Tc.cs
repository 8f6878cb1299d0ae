using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>Which way of a device's traffic a tc program sees.</summary>
public enum TcDirection
{
    /// <summary>Packets the device receives.</summary>
    Ingress,

    /// <summary>Packets the device sends.</summary>
    Egress,
}

/// <summary>
/// Attaching a BPF_PROG_TYPE_SCHED_CLS program to a device's ingress or egress as a tcx link (BPF_LINK_CREATE with
/// BPF_TCX_INGRESS/EGRESS on the ifindex, 6.6+; libbpf's bpf_program__attach_tcx). tcx needs no qdisc and no filter:
/// the program runs in direct-action mode, its return value (TC_ACT_*) deciding the packet's fate, and closing the
/// link detaches it.
/// </summary>
public static class Tc
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this tc program to <paramref name="interfaceName"/>'s <paramref name="direction"/>.</summary>
        /// <exception cref="BpfNotSupportedException">The kernel has no tcx (before 6.6).</exception>
        public BpfLink AttachTc(string interfaceName, TcDirection direction) =>
            program.AttachTc(Sockets.InterfaceIndex(interfaceName), direction, interfaceName);

        /// <summary>Attaches this tc program to the device with index <paramref name="interfaceIndex"/>.</summary>
        public BpfLink AttachTc(int interfaceIndex, TcDirection direction, string? interfaceName = null)
        {
            var description = $"tcx {interfaceName ?? $"ifindex {interfaceIndex}"} {direction.ToString().ToLowerInvariant()}";
            var attr = default(LinkCreateAttr);
            var type = direction == TcDirection.Ingress ? AttachType.TcxIngress : AttachType.TcxEgress;
            return LinkCreate.Link(program, interfaceIndex, type, ref attr, description, "tcx links (BPF_TCX_INGRESS/EGRESS)", "6.6");
        }
    }
}
