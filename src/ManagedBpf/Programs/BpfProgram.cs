using ManagedBpf.Interop;

namespace ManagedBpf.Programs;

/// <summary>
/// A program accepted by the verifier. Disposing closes the fd; the kernel unloads the program once no link,
/// perf event or fd references it.
/// </summary>
public sealed unsafe partial class BpfProgram : IDisposable
{
    private readonly SafeFd _fd;

    private BpfProgram(SafeFd fd, string name, ProgramType type, AttachType expectedAttachType, string? log)
    {
        _fd = fd;
        Name = name;
        Type = type;
        ExpectedAttachType = expectedAttachType;
        VerifierLog = log;
        var info = default(ProgInfo);
        BpfSyscall.GetInfo(fd, ref info, name);
        Id = info.Id;
        Tag = Convert.ToHexStringLower(new ReadOnlySpan<byte>(info.Tag, 8));
    }

    /// <summary>The name given at load time.</summary>
    public string Name { get; }

    /// <summary>The program type.</summary>
    public ProgramType Type { get; }

    /// <summary>The expected attach type it was loaded with: the attach type of the links it makes (cgroup hooks, xdp,
    /// tcx, fentry ...), which the kernel checks against it.</summary>
    public AttachType ExpectedAttachType { get; }

    /// <summary>The program fd.</summary>
    public SafeFd Fd => _fd;

    /// <summary>The kernel-wide program id (bpftool prog show).</summary>
    public uint Id { get; }

    /// <summary>The kernel's tag: 16 lower-case hex digits of a SHA-1 over the submitted instructions with map
    /// references blanked; equal to what <c>bpftool prog show</c> prints.</summary>
    public string Tag { get; }

    /// <summary>The verifier log when <see cref="ProgramLoadOptions.LogLevel"/> was non-zero, else null.</summary>
    public string? VerifierLog { get; }

    /// <summary>
    /// BPF_PROG_LOAD. On rejection throws <see cref="BpfVerifierException"/> with the complete verifier log (a
    /// log-free first attempt is repeated with log level 1; the buffer grows on ENOSPC).
    /// </summary>
    public static BpfProgram Load(ProgramLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (fd, log) = ProgramLoader.Load(options);
        try
        {
            return new BpfProgram(fd, options.Name, options.Type, options.ExpectedAttachType, log);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>The ids of every program loaded in the kernel (BPF_PROG_GET_NEXT_ID), ascending.</summary>
    public static IReadOnlyList<uint> GetLoadedIds()
    {
        var ids = new List<uint>();
        for (var id = BpfSyscall.GetNextId(BpfCommand.ProgGetNextId, 0); id is { } current;
             id = BpfSyscall.GetNextId(BpfCommand.ProgGetNextId, current))
            ids.Add(current);
        return ids;
    }

    /// <summary>
    /// The program's run count and run time so far (BPF_OBJ_GET_INFO_BY_FD). They grow only while run-time statistics
    /// are on (<see cref="RunTimeStatistics.Enable"/>).
    /// </summary>
    public ProgramStatistics GetStatistics()
    {
        var info = default(ProgInfo);
        BpfSyscall.GetInfo(_fd, ref info, Name);
        return new ProgramStatistics(info.RunCnt, info.RunTimeNs, info.RecursionMisses);
    }

    /// <summary>Closes the program fd.</summary>
    public void Dispose() => _fd.Dispose();

    /// <inheritdoc/>
    public override string ToString() => $"program {Name} (id {Id}, {Type}, tag {Tag})";
}
