using Samples;
using Samples.Kprobe;

// libbpf-bootstrap's kprobe: a kprobe and a kretprobe on do_unlinkat print the pid and file name of every
// unlink(2)/unlinkat(2), then its result, until Ctrl-C. Needs CONFIG_KPROBES.
return SampleRun.Run(run =>
{
    using var obj = KprobeObject.Load();
    using var links = obj.AttachAll();
    TracePipe.Print(run);
});
