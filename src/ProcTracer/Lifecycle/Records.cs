using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProcTracer.Lifecycle;

/// <summary><c>enum lc_type</c> of bpf/lifecycle.h: what a ring record is.</summary>
internal enum RecordType : byte
{
    Exec = 1,
    Exit = 2,
    ExecFailed = 3,
    ThreadExit = 4,
}

/// <summary><c>enum lc_flags</c> of bpf/lifecycle.h.</summary>
[Flags]
internal enum RecordFlags : byte
{
    None = 0,
    ArgsTruncated = 1,
    ExeTruncated = 2,
    CgroupTruncated = 4,
    ExecTime = 8,
}

/// <summary>
/// <c>struct lc_header</c> of bpf/lifecycle.h, byte for byte (80 bytes, every member naturally aligned): the start of
/// every record. Read in place from the ring.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct RecordHeader
{
    public const int Size = 80;

    public RecordType Type;
    public RecordFlags Flags;
    public ushort Reserved;
    public uint Pid;
    public uint Tid;
    public uint ParentPid;
    public uint Uid;
    public uint Euid;
    public uint Gid;
    public uint Egid;

    /// <summary>When it happened, on the boot clock (bpf_ktime_get_boot_ns).</summary>
    public ulong TimeNs;

    /// <summary>The process's start_boottime.</summary>
    public ulong StartNs;

    public ulong ParentStartNs;
    public ulong CgroupId;
    public Comm Comm;
}

/// <summary>char comm[LC_COMM_LEN].</summary>
[InlineArray(16)]
internal struct Comm
{
    private byte _element;
}

/// <summary><c>struct lc_exec</c>: 96 bytes, then the strings (<see cref="ExecView"/>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExecRecord
{
    public const int Size = 96;

    public RecordHeader Header;
    public uint Argc;
    public uint ArgsSize;
    public uint ArgsCaptured;
    public ushort ExeParts;
    public ushort CgroupParts;
}

/// <summary><c>struct lc_exit</c>: 96 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExitRecord
{
    public const int Size = 96;

    public RecordHeader Header;

    /// <summary>The wait(2) status (<see cref="ExitStatus"/>).</summary>
    public uint Status;

    public uint Reserved;

    /// <summary>The boot-clock time of the process's last exec, with <see cref="RecordFlags.ExecTime"/>.</summary>
    public ulong ExecNs;
}

/// <summary><c>struct lc_exec_failed</c>: 96 bytes, then the file name exec was given.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ExecFailedRecord
{
    public const int Size = 96;

    public RecordHeader Header;
    public int Error;
    public int DirFd;
    public uint AtFlags;

    /// <summary>0 execve, 1 execveat (<c>enum lc_syscall</c>).</summary>
    public uint Syscall;
}
