using System.Text.Json;
using ManagedBpf;
using ProcTracer.Text;

namespace ProcTracer.Lifecycle;

/// <summary>
/// The fields of each lifecycle record (README.md, "JSON output", lists them), in their order, handed to a
/// <see cref="IFieldSink"/>. Names follow OpenTelemetry's semantic conventions where one exists (process.pid,
/// process.executable.path, process.command_args, process.exit.code, process.creation.time, process.user.id,
/// container.id ...); the others are plain (comm, exec_id, signal ...). Strings from the kernel are bytes anyone
/// chose: each invalid UTF-8 sequence becomes U+FFFD, as both JSON and protobuf strings require valid UTF-8.
/// </summary>
internal sealed class RecordFields(RecordContext context)
{
    private readonly Rfc3339 _rfc3339 = new();
    private byte[] _text = new byte[4096];

    public RecordContext Context => context;

    public void Exec(in ExecRecord record, ReadOnlySpan<byte> strings, IFieldSink sink)
    {
        ref readonly var h = ref record.Header;
        var view = ExecView.Parse(record, strings, context.Scratch(strings.Length + 2));
        Process(h, sink);
        Text(sink, JsonNames.Filename, view.Filename);
        Text(sink, JsonNames.ExecutablePath, view.ExePath);
        Text(sink, JsonNames.ExecutableName, view.ExeName);
        var args = view.Args;
        if (record.ArgsCaptured > 0)
            Text(sink, JsonNames.Command, Strings.Next(ref args));
        args = view.Args;
        sink.StartArray(JsonNames.CommandArgs);
        for (var i = 0; i < record.ArgsCaptured; i++)
            sink.ArrayItem(Utf8(Strings.Next(ref args)));
        sink.EndArray();
        sink.Number(JsonNames.ArgsCount, (long)record.Argc);
        sink.Boolean(JsonNames.ArgsTruncated, (h.Flags & RecordFlags.ArgsTruncated) != 0);
        Cgroup(h, view.CgroupPath, sink);
    }

    public void Exit(in ExitRecord record, IFieldSink sink)
    {
        ref readonly var h = ref record.Header;
        var thread = h.Type == RecordType.ThreadExit;
        Process(h, sink);
        if (thread || h.Tid != h.Pid)
            sink.Number(JsonNames.ThreadId, (long)h.Tid);
        var status = new ExitStatus(record.Status);
        sink.Number(thread ? JsonNames.ThreadExitCode : JsonNames.ExitCode, (long)status.ShellCode);
        if (!thread)
            Time(sink, JsonNames.ExitTime, context.Clock.ToUnix(h.TimeNs));
        if (status.Signaled)
        {
            sink.String(JsonNames.Signal, SignalNames.Name(status.Signal));
            sink.Boolean(JsonNames.CoreDumped, status.CoreDumped);
        }
        sink.Number(JsonNames.AgeNs, h.TimeNs - h.StartNs);
        if ((h.Flags & RecordFlags.ExecTime) != 0)
            sink.Number(JsonNames.ExecAgeNs, h.TimeNs - record.ExecNs);
        Cgroup(h, [], sink);
    }

    public void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename, IFieldSink sink)
    {
        ref readonly var h = ref record.Header;
        Process(h, sink);
        if (h.Tid != h.Pid)
            sink.Number(JsonNames.ThreadId, (long)h.Tid);
        Text(sink, JsonNames.Filename, filename);
        sink.String(JsonNames.Error, TextRecords.ErrnoName((Errno)record.Error));
        sink.Number(JsonNames.Errno, (long)record.Error);
        sink.String(JsonNames.Syscall, record.Syscall == 1 ? "execveat" : "execve");
        if (record.Syscall == 1)
        {
            sink.Number(JsonNames.DirFd, (long)record.DirFd);
            sink.Number(JsonNames.AtFlags, (long)record.AtFlags);
        }
        Cgroup(h, [], sink);
    }

    /// <summary>A time as RFC 3339 UTC with nanoseconds.</summary>
    public void Time(IFieldSink sink, JsonEncodedText name, long unixNanoseconds)
    {
        Span<byte> text = stackalloc byte[Rfc3339.Length];
        _rfc3339.Write(unixNanoseconds, text);
        sink.String(name, text);
    }

    /// <summary>Who: pid, parent, comm, credentials, start time and ids.</summary>
    private void Process(in RecordHeader h, IFieldSink sink)
    {
        sink.Number(JsonNames.Pid, (long)h.Pid);
        sink.Number(JsonNames.ParentPid, (long)h.ParentPid);
        Text(sink, JsonNames.Comm, Row.CString(h.Comm));
        sink.Number(JsonNames.RealUserId, (long)h.Uid);
        if (context.Users.Find(h.Uid) is { } realName)
            sink.String(JsonNames.RealUserName, realName);
        sink.Number(JsonNames.UserId, (long)h.Euid);
        if (context.Users.Find(h.Euid) is { } name)
            sink.String(JsonNames.UserName, name);
        sink.Number(JsonNames.Gid, (long)h.Gid);
        sink.Number(JsonNames.Egid, (long)h.Egid);
        Time(sink, JsonNames.CreationTime, context.Clock.ToUnix(h.StartNs));
        Span<byte> id = stackalloc byte[ProcessIdentity.MaxLength];
        sink.String(JsonNames.ExecId, id[..context.Identity.Write(h.StartNs, h.Pid, id)]);
        sink.String(JsonNames.ParentExecId, id[..context.Identity.Write(h.ParentStartNs, h.ParentPid, id)]);
    }

    /// <summary>The cgroup id, the path when the record has one, and the container either names.</summary>
    private void Cgroup(in RecordHeader h, ReadOnlySpan<byte> path, IFieldSink sink)
    {
        sink.Number(JsonNames.CgroupId, h.CgroupId);
        Container? container;
        if (path.IsEmpty)
        {
            container = context.Containers.Find(h.CgroupId);
        }
        else
        {
            // /proc/PID/cgroup's line for the v2 hierarchy, as OpenTelemetry's process.linux.cgroup has it.
            var prefixed = path.Length + 3 <= 1024 ? stackalloc byte[path.Length + 3] : new byte[path.Length + 3];
            "0::"u8.CopyTo(prefixed);
            path.CopyTo(prefixed[3..]);
            Text(sink, JsonNames.LinuxCgroup, prefixed);
            container = context.Containers.Learn(h.CgroupId, path);
        }
        if (container is { } found)
        {
            sink.String(JsonNames.ContainerId, found.Id);
            sink.String(JsonNames.ContainerRuntime, found.Runtime);
        }
    }

    private void Text(IFieldSink sink, JsonEncodedText name, ReadOnlySpan<byte> bytes) => sink.String(name, Utf8(bytes));

    /// <summary>The bytes, or a copy with each invalid UTF-8 sequence replaced by U+FFFD.</summary>
    private ReadOnlySpan<byte> Utf8(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
            return bytes;
        if (_text.Length < 3 * bytes.Length)
            _text = new byte[3 * bytes.Length];
        return _text.AsSpan(0, Utf8Repair.Replace(bytes, _text));
    }
}
