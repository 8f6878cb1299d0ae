using System.Text.Json;

namespace ProcTracer.Lifecycle;

/// <summary>The property names of the JSON records, encoded once (README.md, "JSON output", documents each).</summary>
internal static class JsonNames
{
    // Every record.
    public static readonly JsonEncodedText Time = JsonEncodedText.Encode("time");
    public static readonly JsonEncodedText Event = JsonEncodedText.Encode("event");

    // The process (OpenTelemetry process.* attributes where they exist).
    public static readonly JsonEncodedText Pid = JsonEncodedText.Encode("process.pid");
    public static readonly JsonEncodedText ParentPid = JsonEncodedText.Encode("process.parent_pid");
    public static readonly JsonEncodedText Comm = JsonEncodedText.Encode("comm");
    public static readonly JsonEncodedText RealUserId = JsonEncodedText.Encode("process.real_user.id");
    public static readonly JsonEncodedText RealUserName = JsonEncodedText.Encode("process.real_user.name");
    public static readonly JsonEncodedText UserId = JsonEncodedText.Encode("process.user.id");
    public static readonly JsonEncodedText UserName = JsonEncodedText.Encode("process.user.name");
    public static readonly JsonEncodedText Gid = JsonEncodedText.Encode("gid");
    public static readonly JsonEncodedText Egid = JsonEncodedText.Encode("egid");
    public static readonly JsonEncodedText CreationTime = JsonEncodedText.Encode("process.creation.time");
    public static readonly JsonEncodedText ExecId = JsonEncodedText.Encode("exec_id");
    public static readonly JsonEncodedText ParentExecId = JsonEncodedText.Encode("parent_exec_id");
    public static readonly JsonEncodedText ThreadId = JsonEncodedText.Encode("thread.id");
    public static readonly JsonEncodedText CgroupId = JsonEncodedText.Encode("cgroup.id");
    public static readonly JsonEncodedText LinuxCgroup = JsonEncodedText.Encode("process.linux.cgroup");
    public static readonly JsonEncodedText ContainerId = JsonEncodedText.Encode("container.id");
    public static readonly JsonEncodedText ContainerRuntime = JsonEncodedText.Encode("container.runtime");

    // exec and exec_failed.
    public static readonly JsonEncodedText Filename = JsonEncodedText.Encode("filename");
    public static readonly JsonEncodedText ExecutablePath = JsonEncodedText.Encode("process.executable.path");
    public static readonly JsonEncodedText ExecutableName = JsonEncodedText.Encode("process.executable.name");
    public static readonly JsonEncodedText Command = JsonEncodedText.Encode("process.command");
    public static readonly JsonEncodedText CommandArgs = JsonEncodedText.Encode("process.command_args");
    public static readonly JsonEncodedText ArgsCount = JsonEncodedText.Encode("process.args_count");
    public static readonly JsonEncodedText ArgsTruncated = JsonEncodedText.Encode("args_truncated");
    public static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
    public static readonly JsonEncodedText Errno = JsonEncodedText.Encode("errno");
    public static readonly JsonEncodedText Syscall = JsonEncodedText.Encode("syscall");
    public static readonly JsonEncodedText DirFd = JsonEncodedText.Encode("dirfd");
    public static readonly JsonEncodedText AtFlags = JsonEncodedText.Encode("at_flags");

    // exit and thread_exit.
    public static readonly JsonEncodedText ExitCode = JsonEncodedText.Encode("process.exit.code");
    public static readonly JsonEncodedText ThreadExitCode = JsonEncodedText.Encode("thread.exit.code");
    public static readonly JsonEncodedText ExitTime = JsonEncodedText.Encode("process.exit.time");
    public static readonly JsonEncodedText Signal = JsonEncodedText.Encode("signal");
    public static readonly JsonEncodedText CoreDumped = JsonEncodedText.Encode("core_dumped");
    public static readonly JsonEncodedText AgeNs = JsonEncodedText.Encode("age_ns");
    public static readonly JsonEncodedText ExecAgeNs = JsonEncodedText.Encode("exec_age_ns");

    // lost and start.
    public static readonly JsonEncodedText Count = JsonEncodedText.Encode("count");
    public static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
    public static readonly JsonEncodedText BootId = JsonEncodedText.Encode("boot_id");
    public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
}
