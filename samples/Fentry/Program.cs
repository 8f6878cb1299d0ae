using Samples;
using Samples.Fentry;

// libbpf-bootstrap's fentry: fentry and fexit programs on do_unlinkat print the pid and file name of every
// unlink(2)/unlinkat(2), and at exit its result, until Ctrl-C. Needs BPF trampolines (5.5+).
return SampleRun.Run(run =>
{
    using var obj = FentryObject.Load();
    using var links = obj.AttachAll();
    TracePipe.Print(run);
});
