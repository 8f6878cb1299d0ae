using ManagedBpf.Asm;
using ManagedBpf.Interop;

namespace ManagedBpf.Programs;

/// <summary>
/// BPF_PROG_LOAD with the log policy: the first attempt carries no log unless asked (the verifier runs faster
/// without one); a failure is repeated with log level 1 so the exception always has the verifier's reason; ENOSPC
/// grows the buffer to log_true_size and loads again, so the log is never truncated.
/// </summary>
internal static unsafe class ProgramLoader
{
    // The kernel wants at least 128 bytes for a log (bpf_verifier_log_attr_valid); anything that small only holds
    // the final line, so start from 1 KiB.
    private const uint MinLogSize = 1024;

    /// <summary>Loads the program; returns its fd and the log (null when none was requested).</summary>
    public static (SafeFd Fd, string? Log) Load(ProgramLoadOptions options)
    {
        if (options.Instructions.Length == 0)
            throw new ArgumentException($"program '{options.Name}' has no instructions", nameof(options));
        var level = options.LogLevel;
        var requested = Math.Clamp(options.LogSize, MinLogSize, KernelLog.MaxSize);
        var size = level == 0 ? 0u : requested;
        while (true)
        {
            var log = size == 0 ? null : new byte[size];
            var result = TryLoad(options, level, log, out var errno, out var trueSize);
            if (result >= 0)
                return (SafeFd.FromRaw((int)result, "BPF_PROG_LOAD", options.Name), log is null ? null : KernelLog.Decode(log));

            if (log is null && errno != Errno.EPERM)
            {
                level = 1;
                size = requested;
                continue;
            }
            // With a log, ENOSPC means only that the log did not fit (kernel/bpf/log.c: bpf_vlog_finalize), even
            // when the program itself would have been accepted.
            if (errno == Errno.ENOSPC && log is not null && KernelLog.Grow(size, trueSize) is { } bigger)
            {
                size = bigger;
                continue;
            }
            var text = log is null ? "" : KernelLog.Decode(log);
            var context = errno == Errno.ENOSPC ? "verifier log exceeds the kernel's maximum size; it is truncated" : null;
            throw SyscallError.Verifier(options.Name, errno, text, context);
        }
    }

    private static long TryLoad(ProgramLoadOptions options, uint level, byte[]? log, out int errno, out uint trueSize)
    {
        var license = System.Text.Encoding.UTF8.GetBytes(options.License + "\0");
        var btf = options.Btf?.Handle;
        var added = false;
        try
        {
            btf?.DangerousAddRef(ref added);
            fixed (Instruction* insns = options.Instructions)
            fixed (byte* licensePointer = license)
            fixed (byte* logPointer = log)
            fixed (byte* funcInfo = options.FuncInfo)
            fixed (byte* lineInfo = options.LineInfo)
            {
                var attr = new ProgLoadAttr
                {
                    ProgType = (uint)options.Type,
                    InsnCnt = (uint)options.Instructions.Length,
                    Insns = (ulong)insns,
                    License = (ulong)licensePointer,
                    LogLevel = log is null ? 0 : level,
                    LogSize = (uint)(log?.Length ?? 0),
                    LogBuf = (ulong)logPointer,
                    KernVersion = options.KernelVersion,
                    ProgFlags = options.Flags,
                    ExpectedAttachType = (uint)options.ExpectedAttachType,
                    AttachBtfId = options.AttachBtfId,
                };
                ObjectName.Encode(options.Name, new Span<byte>(attr.ProgName, ObjectName.Capacity));
                if (btf is not null)
                {
                    attr.ProgBtfFd = (uint)btf.Raw;
                    if (options.FuncInfo is { Length: > 0 } fi)
                    {
                        attr.FuncInfoRecSize = options.FuncInfoRecordSize;
                        attr.FuncInfo = (ulong)funcInfo;
                        attr.FuncInfoCnt = (uint)(fi.Length / options.FuncInfoRecordSize);
                    }
                    if (options.LineInfo is { Length: > 0 } li)
                    {
                        attr.LineInfoRecSize = options.LineInfoRecordSize;
                        attr.LineInfo = (ulong)lineInfo;
                        attr.LineInfoCnt = (uint)(li.Length / options.LineInfoRecordSize);
                    }
                }
                var result = BpfSyscall.TryInvoke(BpfCommand.ProgLoad, ref attr, out errno);
                trueSize = attr.LogTrueSize;
                return result;
            }
        }
        finally
        {
            if (added)
                btf!.DangerousRelease();
        }
    }
}
