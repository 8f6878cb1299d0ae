using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using ManagedBpf;
using ProcTracer.Text;

namespace ProcTracer.Lifecycle;

/// <summary>
/// Lifecycle records as JSON lines, one object per line (the schema is in README.md, "JSON output"). Attribute
/// names follow OpenTelemetry's semantic conventions where one exists (process.pid, process.executable.path,
/// process.command_args, process.exit.code, process.creation.time, process.user.id, container.id ...); the others
/// are plain (event, time, comm, exec_id, signal ...). Strings from the kernel are bytes anyone chose: invalid UTF-8
/// becomes U+FFFD, control characters \u escapes, as JSON requires. Written with <see cref="Utf8JsonWriter"/>
/// straight into the pending output: no reflection, nothing to trim.
/// </summary>
internal sealed class JsonRecords : IRecordWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly RecordContext _context;
    private readonly Utf8JsonWriter _json;
    private readonly Rfc3339 _rfc3339 = new();
    private readonly string _version;
    private byte[] _text = new byte[4096];

    /// <param name="output">Where the lines go.</param>
    /// <param name="context">What records are enriched with.</param>
    /// <param name="version">The tracer's version, for the start record.</param>
    public JsonRecords(IBufferWriter<byte> output, RecordContext context, string version)
    {
        _output = output;
        _context = context;
        _version = version;
        // Relaxed: non-ASCII text stays as it is; quotes, backslashes and control characters are still escaped.
        _json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true });
    }

    public void Start()
    {
        Begin("start"u8, _context.Clock.RecordTime((ulong)ManagedBpf.Kernel.BootClock.Now));
        _json.WriteString(JsonNames.BootId, _context.Identity.BootId);
        _json.WriteString(JsonNames.Version, _version);
        End();
    }

    public void Exec(in ExecRecord record, ReadOnlySpan<byte> strings)
    {
        ref readonly var h = ref record.Header;
        var view = ExecView.Parse(record, strings, _context.Scratch(strings.Length + 2));
        Begin("exec"u8, _context.Clock.RecordTime(h.TimeNs));
        Process(h);
        Text(JsonNames.Filename, view.Filename);
        Text(JsonNames.ExecutablePath, view.ExePath);
        Text(JsonNames.ExecutableName, view.ExeName);
        var args = view.Args;
        if (record.ArgsCaptured > 0)
            Text(JsonNames.Command, Strings.Next(ref args));
        args = view.Args;
        _json.WriteStartArray(JsonNames.CommandArgs);
        for (var i = 0; i < record.ArgsCaptured; i++)
            Text(Strings.Next(ref args));
        _json.WriteEndArray();
        _json.WriteNumber(JsonNames.ArgsCount, record.Argc);
        _json.WriteBoolean(JsonNames.ArgsTruncated, (h.Flags & RecordFlags.ArgsTruncated) != 0);
        Cgroup(h, view.CgroupPath);
        End();
    }

    public void Exit(in ExitRecord record)
    {
        ref readonly var h = ref record.Header;
        var thread = h.Type == RecordType.ThreadExit;
        var time = _context.Clock.RecordTime(h.TimeNs);
        Begin(thread ? "thread_exit"u8 : "exit"u8, time);
        Process(h);
        if (thread || h.Tid != h.Pid)
            _json.WriteNumber(JsonNames.ThreadId, h.Tid);
        var status = new ExitStatus(record.Status);
        _json.WriteNumber(thread ? JsonNames.ThreadExitCode : JsonNames.ExitCode, status.ShellCode);
        if (!thread)
            Time(JsonNames.ExitTime, _context.Clock.ToUnix(h.TimeNs));
        if (status.Signaled)
        {
            _json.WriteString(JsonNames.Signal, SignalNames.Name(status.Signal));
            _json.WriteBoolean(JsonNames.CoreDumped, status.CoreDumped);
        }
        _json.WriteNumber(JsonNames.AgeNs, h.TimeNs - h.StartNs);
        if ((h.Flags & RecordFlags.ExecTime) != 0)
            _json.WriteNumber(JsonNames.ExecAgeNs, h.TimeNs - record.ExecNs);
        Cgroup(h, []);
        End();
    }

    public void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename)
    {
        ref readonly var h = ref record.Header;
        Begin("exec_failed"u8, _context.Clock.RecordTime(h.TimeNs));
        Process(h);
        if (h.Tid != h.Pid)
            _json.WriteNumber(JsonNames.ThreadId, h.Tid);
        Text(JsonNames.Filename, filename);
        _json.WriteString(JsonNames.Error, TextRecords.ErrnoName((Errno)record.Error));
        _json.WriteNumber(JsonNames.Errno, record.Error);
        _json.WriteString(JsonNames.Syscall, record.Syscall == 1 ? "execveat" : "execve");
        if (record.Syscall == 1)
        {
            _json.WriteNumber(JsonNames.DirFd, record.DirFd);
            _json.WriteNumber(JsonNames.AtFlags, record.AtFlags);
        }
        Cgroup(h, []);
        End();
    }

    public void Lost(ulong count, ulong total)
    {
        Begin("lost"u8, _context.Clock.RecordTime((ulong)ManagedBpf.Kernel.BootClock.Now));
        _json.WriteNumber(JsonNames.Count, count);
        _json.WriteNumber(JsonNames.Total, total);
        End();
    }

    private void Begin(ReadOnlySpan<byte> kind, long unixNanoseconds)
    {
        _json.Reset(_output);
        _json.WriteStartObject();
        Time(JsonNames.Time, unixNanoseconds);
        _json.WriteString(JsonNames.Event, kind);
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _output.GetSpan(1)[0] = (byte)'\n';
        _output.Advance(1);
    }

    /// <summary>Who: pid, parent, comm, credentials, start time and ids.</summary>
    private void Process(in RecordHeader h)
    {
        _json.WriteNumber(JsonNames.Pid, h.Pid);
        _json.WriteNumber(JsonNames.ParentPid, h.ParentPid);
        Text(JsonNames.Comm, Row.CString(h.Comm));
        _json.WriteNumber(JsonNames.RealUserId, h.Uid);
        if (_context.Users.Find(h.Uid) is { } realName)
            _json.WriteString(JsonNames.RealUserName, realName);
        _json.WriteNumber(JsonNames.UserId, h.Euid);
        if (_context.Users.Find(h.Euid) is { } name)
            _json.WriteString(JsonNames.UserName, name);
        _json.WriteNumber(JsonNames.Gid, h.Gid);
        _json.WriteNumber(JsonNames.Egid, h.Egid);
        Time(JsonNames.CreationTime, _context.Clock.ToUnix(h.StartNs));
        Span<byte> id = stackalloc byte[ProcessIdentity.MaxLength];
        _json.WriteString(JsonNames.ExecId, id[.._context.Identity.Write(h.StartNs, h.Pid, id)]);
        _json.WriteString(JsonNames.ParentExecId, id[.._context.Identity.Write(h.ParentStartNs, h.ParentPid, id)]);
    }

    /// <summary>The cgroup id, the path when the record has one, and the container either names.</summary>
    private void Cgroup(in RecordHeader h, ReadOnlySpan<byte> path)
    {
        _json.WriteNumber(JsonNames.CgroupId, h.CgroupId);
        Container? container;
        if (path.IsEmpty)
        {
            container = _context.Containers.Find(h.CgroupId);
        }
        else
        {
            // /proc/PID/cgroup's line for the v2 hierarchy, as OpenTelemetry's process.linux.cgroup has it.
            var prefixed = path.Length + 3 <= 1024 ? stackalloc byte[path.Length + 3] : new byte[path.Length + 3];
            "0::"u8.CopyTo(prefixed);
            path.CopyTo(prefixed[3..]);
            Text(JsonNames.LinuxCgroup, prefixed);
            container = _context.Containers.Learn(h.CgroupId, path);
        }
        if (container is { } found)
        {
            _json.WriteString(JsonNames.ContainerId, found.Id);
            _json.WriteString(JsonNames.ContainerRuntime, found.Runtime);
        }
    }

    private void Time(JsonEncodedText name, long unixNanoseconds)
    {
        Span<byte> text = stackalloc byte[Rfc3339.Length];
        _rfc3339.Write(unixNanoseconds, text);
        _json.WriteString(name, text);
    }

    private void Text(JsonEncodedText name, ReadOnlySpan<byte> bytes) => _json.WriteString(name, Utf8(bytes));

    private void Text(ReadOnlySpan<byte> bytes) => _json.WriteStringValue(Utf8(bytes));

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
