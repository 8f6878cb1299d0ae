using Samples;
using Samples.Ksyscall;

// libbpf-bootstrap's ksyscall: probes on the kill(2) and tgkill(2) system calls (the running kernel's
// __x64_sys_kill, ...) print who sends which signal to whom, until Ctrl-C. Needs CONFIG_KPROBES.
return SampleRun.Run(run =>
{
    using var obj = KsyscallObject.Load();
    using var links = obj.AttachAll();
    TracePipe.Print(run);
});
