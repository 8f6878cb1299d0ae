using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Samples.SockFilter;

/// <summary>
/// A raw AF_PACKET socket that receives every frame of one interface (packet(7)), as sockfilter.c's open_raw_sock
/// makes it: the socket filter runs on each frame before it is queued.
/// </summary>
internal static class PacketSocket
{
    /// <summary>PACKET_HOST (linux/if_packet.h): a frame addressed to this host, not one it sends.</summary>
    public const uint Host = 0;

    private const ushort EthernetAll = 0x0003; // ETH_P_ALL: frames of every protocol

    /// <summary>Opens the socket bound to <paramref name="interfaceName"/>.</summary>
    public static Socket Open(string interfaceName)
    {
        var protocol = (ProtocolType)(ushort)IPAddress.HostToNetworkOrder((short)EthernetAll);
        var socket = new Socket(AddressFamily.Packet, SocketType.Raw, protocol);
        try
        {
            socket.Bind(new LinkLayerEndPoint(IndexOf(interfaceName)));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The name of the interface with index <paramref name="index"/>, or null (if_indextoname).</summary>
    public static string? NameOf(int index) =>
        NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(i => IndexOrZero(i) == index)?.Name;

    private static int IndexOf(string name) =>
        NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(i => i.Name == name) is { } found && IndexOrZero(found) is > 0 and var index
            ? index
            : throw new ArgumentException($"no network interface {name}");

    private static int IndexOrZero(NetworkInterface networkInterface) =>
        networkInterface.Supports(NetworkInterfaceComponent.IPv4) ? networkInterface.GetIPProperties().GetIPv4Properties().Index : 0;

    /// <summary>struct sockaddr_ll naming an interface and every protocol: what bind(2) takes for a packet socket.</summary>
    private sealed class LinkLayerEndPoint(int ifindex) : EndPoint
    {
        public override AddressFamily AddressFamily => AddressFamily.Packet;

        public override SocketAddress Serialize()
        {
            // sll_family (filled in from the family), sll_protocol (big-endian), sll_ifindex, then hatype, pkttype,
            // halen and the address, which bind ignores: 20 bytes.
            var address = new SocketAddress(AddressFamily.Packet, 20);
            var bytes = address.Buffer.Span;
            BinaryPrimitives.WriteUInt16BigEndian(bytes[2..], EthernetAll);
            BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], ifindex);
            return address;
        }
    }
}
