using ManagedBpf.Links;
using ManagedBpf.RingBuffer;
using Samples;
using Samples.Profile;

// libbpf-bootstrap's profile: a CPU clock sampled on every CPU (-f HZ times a second, 1 by default) sends the
// interrupted task and its kernel and user stacks through a ring buffer; each is printed symbolized, until Ctrl-C.
return SampleRun.Run(run =>
{
    var frequency = args is ["-f", var hz] ? Math.Max(1, int.Parse(hz)) : 1;
    using var obj = ProfileObject.Load();
    using var ring = new RingBufferReader(obj.Events);
    using var sampling = obj.Profile.AttachCpuClock(frequency);
    var symbols = new Symbolizer();
    Console.WriteLine($"Successfully started! Sampling every CPU {frequency} times a second:");
    while (!run.Token.IsCancellationRequested)
        ring.Poll(TimeSpan.FromMilliseconds(100), (in StacktraceEvent e) => Console.Write(StackReport.Of(e, symbols)), run.Token);
});
