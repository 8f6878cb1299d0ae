using Samples;
using Samples.Minimal;

// libbpf-bootstrap's minimal: a tracepoint on write(2) that prints "BPF triggered from PID N." for this
// process's own writes (the dot it writes to stderr every second) until Ctrl-C.
return SampleRun.Run(run =>
{
    var spec = MinimalObject.Open();
    spec.Bss.MyPid = Environment.ProcessId;
    using var obj = spec.Load();
    using var links = obj.AttachAll();
    TracePipe.Print(run);
});
