using Samples;
using Samples.Lsm;

// libbpf-bootstrap's lsm: a BPF LSM program on the bpf hook refuses every bpf(2) call of every process with
// EPERM while it runs, printing a line for each, until Ctrl-C. Needs CONFIG_BPF_LSM, bpf in the lsm= boot
// parameter and BPF trampolines.
return SampleRun.Run(run =>
{
    using var obj = LsmObject.Load();
    using var links = obj.AttachAll();
    TracePipe.Print(run);
});
