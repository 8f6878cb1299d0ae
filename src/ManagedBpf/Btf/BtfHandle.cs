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
    public SafeFd Fd => _fd;

    /// <summary>The kernel-wide BTF id (bpftool btf show).</summary>
    public uint Id { get; }

    /// <summary>The kernel's log when a non-zero log level was passed to <see cref="Load"/>, else null.</summary>
    public string? Log { get; }


    /// <summary>
    /// Loads raw BTF (header, types, strings), under the log policy of the verifiers (a refusal is repeated with a
    /// log, grown until the whole log fits).
    /// </summary>
    /// <param name="rawBtf">The BTF blob as the kernel expects it (DATASEC sizes and offsets already fixed).</param>
    /// <param name="logLevel">0 to ask for a log only on failure; 1 or 2 to keep it in <see cref="Log"/>.</param>
    /// <exception cref="BpfVerifierException">The kernel's BTF verifier refused the blob; the exception carries its log.</exception>
    public static BtfHandle Load(ReadOnlySpan<byte> rawBtf, uint logLevel = 0)
    {
        fixed (byte* btf = rawBtf)
        {
            var (btfAddress, btfSize) = ((ulong)btf, (uint)rawBtf.Length);
            var (raw, log) = KernelLog.Load("BPF_BTF_LOAD", "btf", logLevel, KernelLog.InitialSize,
                (uint level, Span<byte> log, out Errno errno, out uint trueSize) => TryLoad(btfAddress, btfSize, level, log, out errno, out trueSize));
            var fd = SafeFd.FromRaw((int)raw, "BPF_BTF_LOAD", "btf");
            try
            {
                return new BtfHandle(fd, QueryId(fd), log);
            }
            catch
            {
                fd.Dispose();
                throw;
            }
        }
    }

    /// <summary>Closes the fd.</summary>
    public void Dispose() => _fd.Dispose();

    private static long TryLoad(ulong btf, uint btfSize, uint logLevel, Span<byte> log, out Errno errno, out uint trueSize)
    {
        fixed (byte* logBuffer = log)
        {
            var attr = new BtfLoadAttr
            {
                Btf = btf,
                BtfSize = btfSize,
                BtfLogBuf = (ulong)logBuffer,
                BtfLogSize = (uint)log.Length,
                BtfLogLevel = log.IsEmpty ? 0 : logLevel,
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
}
