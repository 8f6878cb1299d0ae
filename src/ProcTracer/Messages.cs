using ManagedBpf;
using ManagedBpf.Cli;

namespace ProcTracer;

/// <summary>
/// The failures only the tracer meets, in one place (those it shares with mbpf are <see cref="Failures"/>): each says
/// what is wrong and what to do, in one line, and carries its exit status from <see cref="ExitCodes"/>.
/// </summary>
internal static class Messages
{
    public static Failure NoPermission(string missing) => new(ExitCodes.NoPermission,
        $"permission denied: tracing needs root, or CAP_BPF and CAP_PERFMON (this process lacks {missing}); run it as root, e.g. with sudo");

    public static Failure NoKernelBtf(string path, string why) => new(ExitCodes.Unavailable,
        $"no kernel BTF at {path} ({why}): the kernel needs CONFIG_DEBUG_INFO_BTF=y, or pass --btf=FILE with BTF for this kernel");

    public static Failure NoTracefs(BpfException e) => new(ExitCodes.NoTracefs,
        $"{e.Message}; as root, run 'mount -t tracefs nodev /sys/kernel/tracing' and try again");

    /// <summary>The object lacks a map, program or variable the generated class of <paramref name="source"/> names
    /// (<paramref name="e"/> says which).</summary>
    public static Failure ForeignObject(string objectName, BpfException e, string source) => new(ExitCodes.MalformedObject,
        $"malformed BPF object {objectName}: {e.Message}; give --object a build of {source}");

    /// <summary>The object lacks what the tracer needs of <paramref name="source"/> (bootstrap.bpf.c, lifecycle.bpf.c).</summary>
    public static Failure NotOurObject(string objectName, string what, string source) => new(ExitCodes.MalformedObject,
        $"malformed BPF object {objectName}: it has no {what}; give --object a build of {source}");

    public static Failure UnknownUser(string user) => new(ExitCodes.Usage,
        $"--uid {user}: no such user in /etc/passwd; give a name from it or a numeric uid");

    public static Failure NoSuchCgroup(string path, string why) => new(ExitCodes.Usage,
        $"--cgroup {path}: {why}; give a cgroup v2 directory (e.g. /sys/fs/cgroup/system.slice) or a path below the cgroup2 mount");

    public static Failure NoSuchProcess(uint pid) => new(ExitCodes.Usage, $"--pid {pid}: no such process");

    public static Failure CannotListen(string address, Exception e) => new(ExitCodes.SystemCall,
        $"--metrics {address}: cannot listen there ({e.Message}); give a free port on an address of this machine");

    public static Failure ObjectUnreadable(string path, Exception e) => new(ExitCodes.MalformedObject,
        $"cannot read BPF object {path}: {e.Message}");
}
