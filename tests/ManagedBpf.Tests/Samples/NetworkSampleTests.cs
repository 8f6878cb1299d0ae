using System.Net;
using System.Net.Sockets;

namespace ManagedBpf.Tests.Samples;

/// <summary>
/// samples/SockFilter and samples/Tc against libbpf-bootstrap's sockfilter.c and tc.c, both on lo as the C examples
/// default to: the events are UDP datagrams the test sends between two loopback sockets of its own, and the samples
/// must print the C examples' lines for them (other traffic on lo may print too: only the test's is looked for).
/// </summary>
public class NetworkSampleTests
{
    [KernelFact]
    public void EachDatagramOnLoopbackPrintsTheCExamplesSocketFilterLine()
    {
        using var sample = SampleProcess.Start("sockfilter");
        using var receiver = Bound();
        using var sender = Bound();

        sender.SendTo(new byte[32], receiver.LocalEndPoint!);

        var from = ((IPEndPoint)sender.LocalEndPoint!).Port;
        var to = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        // sockfilter.c: "interface: %s\tprotocol: %s\t%s:%d(src) -> %s:%d(dst)\n", for received (PACKET_HOST) frames only.
        SampleProcess.WaitForAll(sample, [$"interface: lo\tprotocol: UDP\t127.0.0.1:{from}(src) -> 127.0.0.1:{to}(dst)"], TimeSpan.FromSeconds(30));
        SampleProcess.Stop(sample);
    }

    [KernelFact]
    public void EachDatagramOnLoopbackPrintsTheCExamplesClassifierLine()
    {
        using var sample = SampleProcess.Start("tc");
        using var receiver = Bound();
        using var sender = Bound();
        // A payload size of its own, so the line is this test's datagram's.
        var payload = Random.Shared.Next(1000, 1400);

        sender.SendTo(new byte[payload], receiver.LocalEndPoint!);

        var ttl = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_default_ttl").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // tc.bpf.c's "Got IP packet: tot_len: %d, ttl: %d": the IPv4 and UDP headers (20 + 8 bytes) and the payload.
        SampleProcess.WaitForAll(sample, [$"Got IP packet: tot_len: {20 + 8 + payload}, ttl: {ttl}"], TimeSpan.FromSeconds(30));
        SampleProcess.Stop(sample);
    }

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }
}
