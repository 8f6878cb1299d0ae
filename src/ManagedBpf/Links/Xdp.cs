using ManagedBpf.Interop;
using ManagedBpf.Programs;

namespace ManagedBpf.Links;

/// <summary>How an XDP program runs on its device: XDP_FLAGS_* of include/uapi/linux/if_link.h.</summary>
[Flags]
public enum XdpMode : uint
{
    /// <summary>The driver's mode if it has one, else generic.</summary>
    Default = 0,

    /// <summary>XDP_FLAGS_SKB_MODE: generic XDP, after the stack builds an skb; any device.</summary>
    Generic = 2,

    /// <summary>XDP_FLAGS_DRV_MODE: in the driver, before any allocation; the driver must support it.</summary>
    Native = 4,

    /// <summary>XDP_FLAGS_HW_MODE: offloaded to the NIC.</summary>
    Offload = 8,
}

/// <summary>
/// Attaching an XDP program to a network device as a bpf link (BPF_LINK_CREATE with BPF_XDP on the ifindex, 5.9+;
/// libbpf's bpf_program__attach_xdp). The link holds the device's XDP slot: closing it detaches, and nothing else can
/// replace the program meanwhile.
/// </summary>
public static class Xdp
{
    extension(BpfProgram program)
    {
        /// <summary>Attaches this XDP program to the interface named <paramref name="interfaceName"/>.</summary>
        /// <exception cref="BpfSyscallException">No such interface, or the slot is taken (EBUSY), or the mode is refused.</exception>
        public BpfLink AttachXdp(string interfaceName, XdpMode mode = XdpMode.Default) =>
            program.AttachXdp(Sockets.InterfaceIndex(interfaceName), mode, interfaceName);

        /// <summary>Attaches this XDP program to the interface with index <paramref name="interfaceIndex"/>.</summary>
        public BpfLink AttachXdp(int interfaceIndex, XdpMode mode = XdpMode.Default, string? interfaceName = null)
        {
            var description = $"xdp {interfaceName ?? $"ifindex {interfaceIndex}"}{(mode == XdpMode.Default ? "" : $" ({mode.ToString().ToLowerInvariant()})")}";
            var attr = new LinkCreateAttr { Flags = (uint)mode };
            return LinkCreate.Link(program, interfaceIndex, AttachType.Xdp, ref attr, description, "XDP links (BPF_LINK_CREATE with BPF_XDP)", "5.9");
        }
    }
}
