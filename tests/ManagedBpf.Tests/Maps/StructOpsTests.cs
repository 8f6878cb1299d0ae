using System.Net;
using System.Net.Sockets;
using System.Text;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>
/// bpf/testdata/struct_ops.bpf.c, a TCP congestion control in BPF: the spec side (the map and which member each
/// program implements), and for real, registered with the kernel and chosen by a connected socket, whose
/// init program then runs; and its <c>.struct_ops.link</c> twin in bpf/newer/, registered through a bpf link. The
/// corpus object's program tags equal libbpf's in <see cref="Corpus.CorpusTagTests"/>.
/// </summary>
public class StructOpsTests
{
    private const int TcpCongestion = 13; // TCP_CONGESTION, a (IPPROTO_TCP) socket option taking the name

    private static ObjectSpec Spec() => ObjectSpec.ParseFile(Path.Combine(CorpusPaths.Directory, "struct_ops.bpf.o"));

    [Fact]
    public void TheStructOpsVariableIsAMapWhoseFunctionPointersNamePrograms()
    {
        var spec = Spec();

        var map = spec.Maps["corpus_cc"];
        Assert.Equal((MapType.StructOps, 4u, 1u), (map.Type, map.KeySize, map.MaxEntries));
        var ops = Assert.IsType<StructOpsSpec>(map.StructOps);
        Assert.Equal("tcp_congestion_ops", ops.TypeName);
        Assert.Equal(new Dictionary<string, string>
        {
            ["init"] = "corpus_init",
            ["undo_cwnd"] = "corpus_undo_cwnd",
            ["cong_avoid"] = "corpus_cong_avoid",
            ["ssthresh"] = "corpus_ssthresh",
        }, ops.Programs.OrderBy(p => p.Key).ToDictionary());
        Assert.Equal("corpus_cc", Encoding.ASCII.GetString(ops.Data, 0, 9));
        Assert.All(spec.Programs.Values, p => Assert.Equal(ProgramType.StructOps, p.Type));
        Assert.Equal(("tcp_congestion_ops", "ssthresh"), spec.Programs["corpus_ssthresh"].StructOpsMember);
    }

    [KernelTheory]
    [InlineData("testdata/struct_ops.bpf.o", "corpus_cc")]
    [InlineData("newer/struct_ops_link.bpf.o", "corpus_cc_link")]
    public void RegisteredItIsACongestionControlASocketCanChooseAndItsProgramsRun(string objectPath, string name)
    {
        UnregisterLeftover(name);
        using var obj = BpfObject.Load(ObjectSpec.ParseFile(Path.Combine(Repository.Root, "bpf", objectPath)));
        var viaLink = obj.Maps[name].Flags.HasFlag(MapFlags.Link);
        Assert.Equal(objectPath.Contains("link"), viaLink);
        using (var registration = obj.RegisterStructOps(name))
        {
            Assert.Contains(name, AvailableCongestionControls());
            Assert.Equal(viaLink, registration.LinkId != 0);

            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            client.Connect((IPEndPoint)listener.LocalEndpoint);
            using var server = listener.AcceptSocket();
            // On a connected socket, choosing the congestion control runs its init.
            client.SetRawSocketOption((int)ProtocolType.Tcp, TcpCongestion, Encoding.ASCII.GetBytes(name + "\0"));

            var chosen = new byte[16];
            client.GetRawSocketOption((int)ProtocolType.Tcp, TcpCongestion, chosen);
            Assert.Equal(name, Encoding.ASCII.GetString(chosen).TrimEnd('\0'));
            Assert.Equal(1UL, BitConverter.ToUInt64(LoadedObjects.ReadGlobalData(obj), obj.Spec.Variables["inits"].Offset));
        }
        Assert.DoesNotContain(name, AvailableCongestionControls());
    }

    /// <summary>A run killed while registered leaves a non-link struct_ops registered in the kernel for good.</summary>
    private static void UnregisterLeftover(string name)
    {
        if (!AvailableCongestionControls().Contains(name))
            return;
        ProcessRun.Of(TimeSpan.FromSeconds(30), "bpftool", "struct_ops", "unregister", "name", name);
        Assert.DoesNotContain(name, AvailableCongestionControls());
    }

    private static string[] AvailableCongestionControls() =>
        File.ReadAllText("/proc/sys/net/ipv4/tcp_available_congestion_control").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
