using ManagedBpf.Links;
using Samples;
using Samples.Tc;

// libbpf-bootstrap's tc: a classifier on the ingress of an interface (lo, or the one named) prints the total
// length and TTL of every IPv4 packet it receives, until Ctrl-C. A tcx link (6.6+): detached at exit with no
// qdisc left behind.
return SampleRun.Run(run =>
{
    using var obj = TcObject.Load();
    using var link = obj.TcIngress.AttachTc(args is [var name] ? name : "lo", TcDirection.Ingress);
    TracePipe.Print(run);
});
