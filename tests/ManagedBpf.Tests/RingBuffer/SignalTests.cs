using System.Diagnostics;
using ManagedBpf.Interop;
using ManagedBpf.Maps;
using ManagedBpf.RingBuffer;
using Xunit;

namespace ManagedBpf.Tests.RingBuffer;

public class SignalTests
{
    private const long SysGettid = 186, SysTgkill = 234; // x86_64
    private const int Sigchld = 17;

    [KernelFact]
    public void PollReturnsZeroWhenASignalInterruptsTheWait()
    {
        Assert.Equal(System.Runtime.InteropServices.Architecture.X64, System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture);
        using var ring = BpfMap.Create(new MapSpec("eintr_rb", MapType.RingBuf, 0, 0, 4096));
        using var reader = new RingBufferReader(ring);
        // The runtime installs a SIGCHLD handler once Process is used; epoll_wait is never restarted after a handler
        // runs (signal(7)), so the wait ends with EINTR.
        using (Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!) { }

        var tid = 0L;
        var result = -1;
        Exception? failure = null;
        var poller = new Thread(() =>
        {
            Volatile.Write(ref tid, Libc.Syscall3(SysGettid, 0, 0, 0));
            try
            {
                result = reader.Poll(TimeSpan.FromSeconds(20), _ => { });
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        var clock = Stopwatch.StartNew();
        poller.Start();
        while (Volatile.Read(ref tid) == 0)
            Thread.Sleep(1);
        // Repeat: the first signal may land before the thread is inside epoll_wait.
        while (poller.IsAlive && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Libc.Syscall3(SysTgkill, Environment.ProcessId, tid, Sigchld);
            poller.Join(50);
        }
        Assert.True(poller.Join(TimeSpan.FromSeconds(15)));
        Assert.Null(failure);
        Assert.Equal(0, result);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "Poll did not return early on EINTR");
    }
}
