using System.Net;
using System.Net.Sockets;
using ManagedBpf.Asm;
using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Links;

/// <summary>
/// Socket filters, network-namespace links and netfilter links, each counting real traffic. xdp, tc and cgroup_skb
/// count the veth and cgroup traffic of <c>Mbpf/MbpfRunTests</c> (attach-compare.sh), against libbpf.
/// </summary>
public class NetworkAttachTests
{
    [KernelFact]
    public void ASocketFilterThatKeepsNothingDropsDatagramsUntilDetached()
    {
        using var counter = BpfMap.Create(new MapSpec("filter_count", MapType.Array, 4, 8, 1));
        using var program = BpfProgram.Load(Counting("drop_all", ProgramType.SocketFilter, AttachType.None, counter, verdict: 0));
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 300 };
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var buffer = new byte[16];

        using (program.AttachSocketFilter(receiver.SafeHandle))
        {
            sender.SendTo("dropped"u8, receiver.LocalEndPoint!);
            Assert.Throws<SocketException>(() => receiver.Receive(buffer));
        }
        sender.SendTo("kept"u8, receiver.LocalEndPoint!);
        Assert.Equal(4, receiver.Receive(buffer));
        Assert.True(counter.TryLookup(0u, out ulong count));
        Assert.Equal(1ul, count);
    }

    [KernelFact]
    public void AnSkLookupLinkHoldsANetworkNamespaceUntilDisposed()
    {
        var name = $"mbpf_lookup_{Environment.ProcessId}_{Guid.NewGuid():N}"[..28];
        Assert.Equal(0, ProcessRun.Of(TimeSpan.FromSeconds(10), "ip", "netns", "add", name).ExitCode);
        try
        {
            using var counter = BpfMap.Create(new MapSpec("lookup_count", MapType.Array, 4, 8, 1));
            using var program = BpfProgram.Load(Counting("lookup_pass", ProgramType.SkLookup, AttachType.SkLookup, counter, verdict: 1));
            uint id;
            using (var link = program.AttachNetns($"/run/netns/{name}"))
            {
                id = link.Id;
                Assert.Contains("sk_lookup", ProcessRun.Of(TimeSpan.FromSeconds(10), "bpftool", "link", "show", "id", id.ToString()).StandardOutput);
            }
            Assert.NotEqual(0, ProcessRun.Of(TimeSpan.FromSeconds(10), "bpftool", "link", "show", "id", id.ToString()).ExitCode);
        }
        finally
        {
            ProcessRun.Of(TimeSpan.FromSeconds(10), "ip", "netns", "del", name);
        }
    }

    [KernelFact]
    public void ANetfilterLinkSeesLocalOutputUntilDisposed()
    {
        using var counter = BpfMap.Create(new MapSpec("nf_count", MapType.Array, 4, 8, 1));
        // NF_ACCEPT: the hook is this host's, every packet must go on.
        using var program = BpfProgram.Load(Counting("nf_accept", ProgramType.Netfilter, AttachType.Netfilter, counter, verdict: 1));
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using (program.AttachNetfilter(Netfilter.Ipv4, Netfilter.LocalOut, priority: 1000))
        {
            sender.SendTo("seen"u8, receiver.LocalEndPoint!);
            Assert.True(counter.TryLookup(0u, out ulong seen));
            Assert.True(seen >= 1, $"the hook saw {seen} packets");
        }
        Assert.True(counter.TryLookup(0u, out ulong before));
        sender.SendTo("unseen"u8, receiver.LocalEndPoint!);
        Assert.True(counter.TryLookup(0u, out ulong after));
        Assert.Equal(before, after);
    }

    /// <summary><see cref="TestPrograms.CountInArray"/> returning <paramref name="verdict"/> instead of 0.</summary>
    private static ProgramLoadOptions Counting(string name, ProgramType type, AttachType attachType, BpfMap counter, int verdict)
    {
        var instructions = TestPrograms.CountInArray(counter);
        instructions[^2] = Emit.Mov(Register.R0, verdict);
        return new ProgramLoadOptions { Name = name, Type = type, ExpectedAttachType = attachType, License = "GPL", Instructions = instructions };
    }
}
