namespace ProcTracer.Lifecycle;

/// <summary>One output format of lifecycle records (text rows or JSON lines), written into the pending output.</summary>
internal interface IRecordWriter
{
    /// <summary>What comes first: the header row, or the start record.</summary>
    void Start();

    void Exec(in ExecRecord record, ReadOnlySpan<byte> strings);

    /// <summary>A process's end, or a thread's (<see cref="RecordType.ThreadExit"/>).</summary>
    void Exit(in ExitRecord record);

    void ExecFailed(in ExecFailedRecord record, ReadOnlySpan<byte> filename);

    /// <summary>Events the kernel could not put in the ring since the last report.</summary>
    void Lost(ulong count, ulong total);
}

/// <summary>What both formats add to the kernel's records: wall-clock times, ids, names, containers.</summary>
internal sealed class RecordContext(EventClock clock, ProcessIdentity identity, UserNames users)
{
    public EventClock Clock => clock;

    public ProcessIdentity Identity => identity;

    public UserNames Users => users;

    public ContainerCache Containers { get; } = new();

    /// <summary>Room for the joined paths of one exec record; grown as records need.</summary>
    public byte[] Scratch(int length)
    {
        if (_scratch.Length < length)
            _scratch = new byte[Math.Max(length, 2 * _scratch.Length)];
        return _scratch;
    }

    private byte[] _scratch = new byte[16 * 1024];
}
