using ManagedBpf.Links;
using Samples;
using Samples.Usdt;

// libbpf-bootstrap's usdt: two programs on the USDT probe libc:setjmp of BINARY print its three arguments, until
// Ctrl-C: usdt_auto_attach probes every process and keeps only PID's calls (my_pid, set before load),
// usdt_manual_attach probes PID's alone. The C example probes its own setjmp in libc.so.6; Debian's glibc has no
// USDT probes, so here BINARY is any program with a libc:setjmp probe and PID a process running it.
return SampleRun.Run(run =>
{
    var (binary, pid) = args is [var path, var number] ? (path, int.Parse(number)) : throw new ArgumentException("usage: usdt BINARY PID");
    var spec = UsdtObject.Open();
    spec.Bss.MyPid = pid;
    using var obj = spec.Load();
    using var auto = obj.UsdtAutoAttach.AttachUsdt(obj.Object.Usdt!, binary, "libc", "setjmp");
    using var manual = obj.UsdtManualAttach.AttachUsdt(obj.Object.Usdt!, binary, "libc", "setjmp", pid);
    TracePipe.Print(run);
});
