using System.Net;
using ManagedBpf.Links;
using ManagedBpf.RingBuffer;
using Samples;
using Samples.SockFilter;

// libbpf-bootstrap's sockfilter: a socket filter on a raw packet socket bound to an interface (-i IFACE, lo by
// default) sends each IPv4 packet's addresses, ports and protocol through a ring buffer; the packets the
// interface receives are printed, until Ctrl-C.
return SampleRun.Run(run =>
{
    var name = args is ["-i", var iface] ? iface : "lo";
    using var obj = SockFilterObject.Load();
    using var ring = new RingBufferReader(obj.Rb);
    using var socket = PacketSocket.Open(name);
    using var filter = obj.SocketHandler.AttachSocketFilter(socket.SafeHandle);
    Console.WriteLine($"Successfully started! Printing the IPv4 packets {name} receives:");
    while (!run.Token.IsCancellationRequested)
        ring.Poll(TimeSpan.FromMilliseconds(100), (in SoEvent e) =>
        {
            if (e.PktType == PacketSocket.Host && PacketSocket.NameOf((int)e.Ifindex) is { } ifname)
                Console.WriteLine($"interface: {ifname}\tprotocol: {IpProtocols.Name(e.IpProto)}\t" +
                    $"{new IPAddress(e.SrcAddr)}:{Port(e.Port16[0])}(src) -> {new IPAddress(e.DstAddr)}:{Port(e.Port16[1])}(dst)");
        }, run.Token);
});

// The ports are in network byte order, as the packet has them.
static int Port(ushort networkOrder) => (ushort)IPAddress.NetworkToHostOrder((short)networkOrder);
