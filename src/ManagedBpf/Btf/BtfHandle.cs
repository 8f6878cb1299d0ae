using System.Runtime.InteropServices;
using ManagedBpf.Interop;

namespace ManagedBpf.Btf;

/// <summary>
/// BTF loaded into the kernel (BPF_BTF_LOAD). Maps and programs reference it by fd for their key/value types,
/// func_info and line_info. Disposing closes the fd; the kernel keeps the BTF while maps or programs use it.
/// </summary>
/// <remarks>Needs kernel 4.18+ (5.x for func_info/line_info kinds).</remarks>
public sealed unsafe class BtfHandle : IDisposable
{
    private readonly SafeFd _fd;

    private BtfHandle(SafeFd fd, uint id, string? log)
    {
        _fd = fd;
        Id = id;
        Log = log;
    }

    /// <summary>The BTF object's fd.</summary>
    public SafeHandle Fd => _fd;

    /// <summary>The kernel-wide BTF id (bpftool btf show).</summary>
    public uint Id { get; }

    /// <summary>The kernel's log when a non-zero log level was passed to <see cref="Load"/>, else null.</summary>
    public string? Log { get; }

    internal SafeFd Handle => _fd;

    /// <summary>
    /// Loads raw BTF (header, types, strings). On rejection it reloads with a log (growing the buffer on ENOSPC)
    /// and throws a <see cref="BpfSyscallException"/> whose message ends with the log's last lines; the full log is in
    /// <c>Data["BtfLog"]</c>.
    /// </summary>
    /// <param name="rawBtf">The BTF blob as the kernel expects it (DATASEC sizes and offsets already fixed).</param>
    /// <param name="logLevel">0 to ask for a log only on failure; 1 or 2 to keep it in <see cref="Log"/>.</param>
    public static BtfHandle Load(ReadOnlySpan<byte> rawBtf, uint logLevel = 0)
    {
        var logSize = logLevel == 0 ? 0u : KernelLog.InitialSize;
        while (true)
        {
            var log = logSize == 0 ? null : new byte[logSize];
            var result = TryLoad(rawBtf, logLevel, log, out var errno, out var trueSize);
            if (result >= 0)
            {
                var fd = SafeFd.FromRaw((int)result, "BPF_BTF_LOAD", "btf");
                try
                {
                    return new BtfHandle(fd, QueryId(fd), log is null ? null : KernelLog.Decode(log));
                }
                catch
                {
                    fd.Dispose();
                    throw;
                }
            }
            if (log is null && errno != Errno.EPERM)
            {
                // First try was log-free (fast, as libbpf does); repeat with a log to learn why.
                logLevel = 1;
                logSize = KernelLog.InitialSize;
                continue;
            }
            if (errno == Errno.ENOSPC && log is not null && KernelLog.Grow(logSize, trueSize) is { } bigger)
            {
                logSize = bigger;
                continue;
            }
            throw Failure(errno, log is null ? "" : KernelLog.Decode(log));
        }
    }

    /// <summary>Closes the fd.</summary>
    public void Dispose() => _fd.Dispose();

    private static long TryLoad(ReadOnlySpan<byte> rawBtf, uint logLevel, byte[]? log, out int errno, out uint trueSize)
    {
        fixed (byte* btf = rawBtf)
        fixed (byte* logBuffer = log)
        {
            var attr = new BtfLoadAttr
            {
                Btf = (ulong)btf,
                BtfSize = (uint)rawBtf.Length,
                BtfLogBuf = (ulong)logBuffer,
                BtfLogSize = (uint)(log?.Length ?? 0),
                BtfLogLevel = log is null ? 0 : logLevel,
            };
            var result = BpfSyscall.TryInvoke(BpfCommand.BtfLoad, ref attr, out errno);
            trueSize = attr.BtfLogTrueSize;
            return result;
        }
    }

    private static uint QueryId(SafeFd fd)
    {
        var info = default(BtfInfo);
        BpfSyscall.GetInfo(fd, ref info, "btf");
        return info.Id;
    }

    private static BpfSyscallException Failure(int errno, string log)
    {
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var hint = lines.Length == 0 ? null : "BTF log: " + string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 2)));
        var exception = SyscallError.Create("BPF_BTF_LOAD", errno, "btf", hint);
        exception.Data["BtfLog"] = log;
        return exception;
    }
}
