using ManagedBpf.Interop;
using Xunit;

namespace ManagedBpf.Tests.Interop;

public class SyscallErrorTests
{
    [Fact]
    public void EpermOnBpfNamesTheCapabilities()
    {
        var error = SyscallError.Create("BPF_PROG_LOAD", Errno.EPERM, "prog");
        Assert.Contains("CAP_BPF", error.Message);
        Assert.Equal("EPERM", error.ErrnoName);
    }

    [Fact]
    public void EpermOnPerfEventOpenNamesPerfmon() =>
        Assert.Contains("CAP_PERFMON", SyscallError.Create("perf_event_open", Errno.EPERM, "tp").Message);

    [Fact]
    public void EnotsuppIsNamed()
    {
        var error = SyscallError.Create("BPF_LINK_CREATE", Errno.ENOTSUPP, null);
        Assert.Contains("ENOTSUPP", error.Message);
        Assert.Contains("not supported", error.Message);
    }

    [Fact]
    public void ExplicitHintWins() =>
        Assert.EndsWith("my hint", SyscallError.Create("BPF_MAP_CREATE", Errno.EPERM, "m", "my hint").Message);

    [Fact]
    public void VerifierFailureWithoutLogGetsTheErrnoHint()
    {
        var error = SyscallError.Verifier("BPF_PROG_LOAD", "p", Errno.EPERM, "");
        Assert.Contains("CAP_BPF", error.Message);
        Assert.Equal("BPF_PROG_LOAD", error.Operation);
    }

    [Fact]
    public void VerifierFailureShowsTheLastLines()
    {
        var error = SyscallError.Verifier("BPF_PROG_LOAD", "p", Errno.EACCES, "0: (bf) r0 = r2\nR2 !read_ok\nprocessed 1 insns\n");
        Assert.Contains("R2 !read_ok | processed 1 insns", error.Message);
        Assert.Contains("1 line(s) omitted", error.Message);
    }
}
