using ManagedBpf.Interop;
using Xunit;

namespace ManagedBpf.Tests.Interop;

public class FdWriterTests
{
    /// <summary>write(2) advances the open file's own offset, the one a shell's "&gt; log 2&gt;&amp;1" shares between stdout
    /// and stderr (ProcTracer's end-to-end tests check the sharing itself).</summary>
    [Fact]
    public void EachWriteContinuesWhereTheLastEnded()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
            var fd = (int)file.DangerousGetHandle();
            Assert.Equal((Errno)0, FdWriter.Write(fd, "first\n"u8));
            Assert.Equal((Errno)0, FdWriter.Write(fd, "second\n"u8));
            Assert.Equal("first\nsecond\n", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AClosedPipeIsEPIPE()
    {
        using var server = new System.IO.Pipes.AnonymousPipeServerStream(System.IO.Pipes.PipeDirection.Out);
        server.ClientSafePipeHandle.Dispose();
        server.DisposeLocalCopyOfClientHandle();
        Assert.Equal(Errno.EPIPE, FdWriter.Write((int)server.SafePipeHandle.DangerousGetHandle(), "gone\n"u8));
    }
}
