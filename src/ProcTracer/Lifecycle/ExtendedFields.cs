using System.Text;
using ProcTracer.Text;

namespace ProcTracer.Lifecycle;

/// <summary>
/// The KEY=VALUE fields --extended appends to a text row, after bootstrap's columns. Values anyone can choose (paths,
/// names, arguments) are escaped like the columns; the arguments come last, as <c>args=</c> and each argument quoted
/// as a shell would need it, so everything after <c>args=</c> reads back as the command line.
/// <list type="bullet">
/// <item>EXEC: exe, uid (and user), euid and egid when they differ, gid, cgroup, container, id, parent, args.</item>
/// <item>EXIT and TEXIT: tid when not the pid, exit or signal (and core), age since fork, age since exec, uid, id.</item>
/// <item>FAIL: syscall (and dirfd, flags for execveat), uid, id.</item>
/// </list>
/// </summary>
internal static class ExtendedFields
{
    public static void Exec(ref Row row, in ExecRecord record, ExecView view, RecordContext context)
    {
        ref readonly var h = ref record.Header;
        row.Append(" exe="u8);
        row.Escaped(view.ExePath);
        Credentials(ref row, h, context);
        row.Append(" cgroup="u8);
        row.Escaped(view.CgroupPath);
        if (context.Containers.Learn(h.CgroupId, view.CgroupPath) is { } container)
            Field(ref row, " container="u8, $"{container.Runtime}:{container.Id}");
        Identity(ref row, h, context);
        row.Append(" parent="u8);
        Span<byte> id = stackalloc byte[ProcessIdentity.MaxLength];
        row.Append(id[..context.Identity.Write(h.ParentStartNs, h.ParentPid, id)]);
        row.Append(" args="u8);
        var args = view.Args;
        for (var i = 0; i < record.ArgsCaptured; i++)
        {
            if (i > 0)
                row.Append((byte)' ');
            ShellWord(ref row, Strings.Next(ref args));
        }
        if ((h.Flags & RecordFlags.ArgsTruncated) != 0)
        {
            // Cut: say how much there was.
            row.Append(" ... ("u8);
            row.Number((ulong)record.Argc);
            row.Append(" arguments, "u8);
            row.Number((ulong)record.ArgsSize);
            row.Append(" bytes)"u8);
        }
    }

    public static void Exit(ref Row row, in ExitRecord record, RecordContext context)
    {
        ref readonly var h = ref record.Header;
        if (h.Tid != h.Pid)
            Number(ref row, " tid="u8, h.Tid);
        var status = new ExitStatus(record.Status);
        if (status.Signaled)
        {
            Field(ref row, " signal="u8, SignalNames.Name(status.Signal));
            if (status.CoreDumped)
                row.Append(" core=dumped"u8);
        }
        else
        {
            Number(ref row, " exit="u8, status.Code);
        }
        Milliseconds(ref row, " age="u8, h.TimeNs - h.StartNs);
        if ((h.Flags & RecordFlags.ExecTime) != 0)
            Milliseconds(ref row, " exec_age="u8, h.TimeNs - record.ExecNs);
        Credentials(ref row, h, context);
        Identity(ref row, h, context);
    }

    public static void ExecFailed(ref Row row, in ExecFailedRecord record, RecordContext context)
    {
        ref readonly var h = ref record.Header;
        if (h.Tid != h.Pid)
            Number(ref row, " tid="u8, h.Tid);
        if (record.Syscall == 1)
        {
            row.Append(" syscall=execveat dirfd="u8);
            row.Number((long)record.DirFd);
            Field(ref row, " flags="u8, $"0x{record.AtFlags:x}");
        }
        else
        {
            row.Append(" syscall=execve"u8);
        }
        Credentials(ref row, h, context);
        Identity(ref row, h, context);
    }

    private static void Credentials(ref Row row, in RecordHeader h, RecordContext context)
    {
        Number(ref row, " uid="u8, h.Uid);
        if (context.Users.Find(h.Uid) is { } name)
            Field(ref row, " user="u8, name);
        if (h.Euid != h.Uid)
            Number(ref row, " euid="u8, h.Euid);
        Number(ref row, " gid="u8, h.Gid);
        if (h.Egid != h.Gid)
            Number(ref row, " egid="u8, h.Egid);
    }

    private static void Identity(ref Row row, in RecordHeader h, RecordContext context)
    {
        row.Append(" id="u8);
        Span<byte> id = stackalloc byte[ProcessIdentity.MaxLength];
        row.Append(id[..context.Identity.Write(h.StartNs, h.Pid, id)]);
    }

    private static void Number(ref Row row, ReadOnlySpan<byte> key, ulong value)
    {
        row.Append(key);
        row.Number(value);
    }

    private static void Field(ref Row row, ReadOnlySpan<byte> key, string value)
    {
        row.Append(key);
        row.Escaped(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>A duration in milliseconds with microseconds: 12.345ms.</summary>
    private static void Milliseconds(ref Row row, ReadOnlySpan<byte> key, ulong nanoseconds)
    {
        row.Append(key);
        row.Number(nanoseconds / 1_000_000);
        row.Append((byte)'.');
        var micros = nanoseconds / 1_000 % 1_000;
        row.Append((byte)('0' + micros / 100));
        row.Append((byte)('0' + micros / 10 % 10));
        row.Append((byte)('0' + micros % 10));
        row.Append("ms"u8);
    }

    /// <summary>An argument as a shell reads it back: bare when it holds only characters no shell treats specially,
    /// else in single quotes, a quote inside written '\''.</summary>
    private static void ShellWord(ref Row row, scoped ReadOnlySpan<byte> word)
    {
        if (word.Length > 0 && !word.ContainsAnyExcept(SafeCharacters))
        {
            row.Append(word);
            return;
        }
        row.Append((byte)'\'');
        while (true)
        {
            var quote = word.IndexOf((byte)'\'');
            row.Escaped(quote < 0 ? word : word[..quote]);
            if (quote < 0)
                break;
            row.Append("'\\''"u8);
            word = word[(quote + 1)..];
        }
        row.Append((byte)'\'');
    }

    private static readonly System.Buffers.SearchValues<byte> SafeCharacters = System.Buffers.SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_@%+=:,./-"u8);
}
