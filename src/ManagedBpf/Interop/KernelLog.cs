using System.Text;

namespace ManagedBpf.Interop;

/// <summary>
/// Sizing and decoding of the verifier/BTF log buffers. Growth follows the kernel's own answer: on ENOSPC,
/// log_true_size (6.4+) says how many bytes the whole log needs; older kernels leave it 0, so the size doubles.
/// </summary>
internal static class KernelLog
{
    /// <summary>First buffer when a log is wanted.</summary>
    public const uint InitialSize = 64 * 1024;

    /// <summary>The kernel refuses log_size above UINT_MAX >> 2 (bpf_verifier_log_attr_valid, kernel/bpf/log.c).</summary>
    public const uint MaxSize = uint.MaxValue >> 2;

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
