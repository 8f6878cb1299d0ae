using System.Text;

namespace ManagedBpf.Interop;

/// <summary>
/// The one log policy of the kernel's two verifiers, the program verifier (BPF_PROG_LOAD) and the BTF verifier
/// (BPF_BTF_LOAD), as libbpf and cilium/ebpf apply it: the first attempt carries no log unless one was asked for
/// (the verifier runs faster without); a refusal is repeated with log level 1, so the exception always has the
/// kernel's reason; ENOSPC with a log means only that the log did not fit (kernel/bpf/log.c, bpf_vlog_finalize),
/// so the buffer grows to log_true_size (6.4+; older kernels leave it 0, and the size doubles) and the load runs again.
/// </summary>
internal static class KernelLog
{
    /// <summary>First buffer when a log is wanted.</summary>
    public const uint InitialSize = 64 * 1024;

    /// <summary>The kernel wants at least 128 bytes (bpf_verifier_log_attr_valid); that little holds the last line only.</summary>
    public const uint MinSize = 1024;

    /// <summary>The kernel refuses log_size above UINT_MAX >> 2 (bpf_verifier_log_attr_valid, kernel/bpf/log.c).</summary>
    public const uint MaxSize = uint.MaxValue >> 2;

    /// <summary>One load: the new fd, or -1 with <paramref name="errno"/>; an empty <paramref name="log"/> means no log.</summary>
    public delegate long Attempt(uint logLevel, Span<byte> log, out Errno errno, out uint trueSize);

    /// <summary>Runs <paramref name="attempt"/> under the policy; returns the fd and the log (null when none was asked for).</summary>
    /// <param name="operation">BPF_PROG_LOAD or BPF_BTF_LOAD, for the exception.</param>
    /// <param name="objectName">The program (or "btf"), for the exception.</param>
    /// <param name="logLevel">0 for a log only on failure; 1 or 2 to keep it.</param>
    /// <param name="logSize">The first buffer's size when a log is wanted.</param>
    /// <param name="attempt">One BPF_PROG_LOAD or BPF_BTF_LOAD with the given log level and buffer.</param>
    /// <exception cref="BpfVerifierException">The kernel refused; it carries the whole log.</exception>
    public static (long Fd, string? Log) Load(string operation, string objectName, uint logLevel, uint logSize, Attempt attempt)
    {
        var requested = Math.Clamp(logSize, MinSize, MaxSize);
        var size = logLevel == 0 ? 0u : requested;
        while (true)
        {
            var log = size == 0 ? [] : new byte[size];
            var result = attempt(logLevel, log, out var errno, out var trueSize);
            if (result >= 0)
                return (result, log.Length == 0 ? null : Decode(log));
            // EPERM comes before the verifier runs: a log would stay empty.
            if (log.Length == 0 && errno != Errno.EPERM)
            {
                logLevel = Math.Max(logLevel, 1);
                size = requested;
                continue;
            }
            if (errno == Errno.ENOSPC && log.Length > 0 && Grow(size, trueSize) is { } bigger)
            {
                size = bigger;
                continue;
            }
            var context = errno == Errno.ENOSPC ? "the log exceeds the kernel's maximum size; it is truncated" : null;
            throw SyscallError.Verifier(operation, objectName, errno, Decode(log), context);
        }
    }

    /// <summary>The next buffer size after an ENOSPC, or null when the limit is reached.</summary>
    public static uint? Grow(uint current, uint trueSize)
    {
        if (current >= MaxSize)
            return null;
        var wanted = trueSize > current ? trueSize : (ulong)current * 2;
        return (uint)Math.Min(wanted, MaxSize);
    }

    /// <summary>The NUL-terminated text the kernel wrote.</summary>
    public static string Decode(ReadOnlySpan<byte> buffer)
    {
        var end = buffer.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? buffer : buffer[..end]);
    }
}
