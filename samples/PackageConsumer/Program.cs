using ManagedBpf.RingBuffer;
using PackageConsumer;

// Load exec.bpf.o (embedded, and typed by the ManagedBpf.Build package at build), attach its tracepoint, and print
// one line per exec() on the machine until Ctrl-C. Needs root (or CAP_BPF and CAP_PERFMON) and a kernel with BTF.
using var obj = ExecObject.Load();
using var links = obj.AttachAll();
using var ring = new RingBufferReader(obj.Events);

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

Console.WriteLine("tracing exec(): Ctrl-C to stop");
while (!stop.IsCancellationRequested)
{
    ring.Poll(TimeSpan.FromSeconds(1), (in ExecEvent e) =>
        Console.WriteLine($"exec pid={e.Pid} comm={e.CommString} filename={e.FilenameString}"), stop.Token);
}
