using System.Buffers.Text;
using System.Text;

namespace ProcTracer.Lifecycle;

/// <summary>
/// A process's identity across time: the boot, its start time and its pid (<c>BOOT_ID:START_NS:PID</c>). A pid is
/// reused once its process is gone, but not within the same nanosecond of the same boot, so the triple names one
/// process for good (OpenTelemetry identifies a process by pid and creation time; Tetragon's exec_id is alike). The
/// start time is the process's start_boottime, which exec keeps, so every exec of a process shares its id and its
/// children name it as their parent.
/// </summary>
internal sealed class ProcessIdentity
{
    /// <summary>The most bytes an id takes: a 36-character boot id, two colons, 20 digits, 10 digits.</summary>
    public const int MaxLength = 36 + 2 + 20 + 10;

    private const string BootIdPath = "/proc/sys/kernel/random/boot_id";
    private readonly byte[] _bootId;

    public ProcessIdentity(string bootId) => _bootId = Encoding.ASCII.GetBytes(bootId);

    /// <summary>The kernel's random id of this boot.</summary>
    public string BootId => Encoding.ASCII.GetString(_bootId);

    public static ProcessIdentity ForThisBoot() => new(File.ReadAllText(BootIdPath).Trim());

    /// <summary>Writes the id of the process with this start time and pid; returns its length.</summary>
    public int Write(ulong startNs, uint pid, Span<byte> destination)
    {
        _bootId.CopyTo(destination);
        var length = _bootId.Length;
        destination[length++] = (byte)':';
        Utf8Formatter.TryFormat(startNs, destination[length..], out var written);
        length += written;
        destination[length++] = (byte)':';
        Utf8Formatter.TryFormat(pid, destination[length..], out written);
        return length + written;
    }
}
