using ManagedBpf.Links;
using Samples;
using Samples.Uprobe;

// libbpf-bootstrap's uprobe: entry and return probes on uprobed_add and uprobed_sub print their arguments and
// results, until Ctrl-C. The C example probes itself; a .NET process has no such C functions, so the probes go on
// the executable named (any that defines them, every process running it), e.g. `uprobe ./uprobe_target`.
return SampleRun.Run(run =>
{
    var binary = args is [var path] ? path : throw new ArgumentException("usage: uprobe BINARY (with uprobed_add and uprobed_sub)");
    using var obj = UprobeObject.Load();
    using var addEntry = obj.UprobeAdd.AttachUprobe(binary, "uprobed_add");
    using var addExit = obj.UretprobeAdd.AttachUprobe(binary, "uprobed_add", isReturn: true);
    using var subEntry = obj.UprobeSub.AttachUprobe(binary, "uprobed_sub");
    using var subExit = obj.UretprobeSub.AttachUprobe(binary, "uprobed_sub", isReturn: true);
    TracePipe.Print(run);
});
