using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProcTracer.Bootstrap;

/// <summary>
/// <c>struct event</c> of bpf/bootstrap.h, byte for byte (x86_64): pid@0 ppid@4 exit_code@8, 4 bytes of padding,
/// duration_ns@16 comm@24 filename@40 exit_event@167, 168 bytes in all. Read in place from the ring buffer record.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Event
{
    public const int Size = 168;

    public int Pid;
    public int ParentPid;
    public uint ExitCode;
    public ulong DurationNs;
    public TaskComm Comm;
    public Filename Filename;

    /// <summary>C <c>bool</c>: one byte, nonzero for an exit.</summary>
    public byte ExitEvent;
}

/// <summary>char comm[TASK_COMM_LEN].</summary>
[InlineArray(16)]
internal struct TaskComm
{
    private byte _element;
}

/// <summary>char filename[MAX_FILENAME_LEN].</summary>
[InlineArray(127)]
internal struct Filename
{
    private byte _element;
}
