using ManagedBpf.Asm;
using ManagedBpf.Interop;

namespace ManagedBpf.Programs;

/// <summary>BPF_PROG_LOAD, under the verifier log policy of <see cref="KernelLog.Load"/>.</summary>
internal static unsafe class ProgramLoader
{
    /// <summary>Loads the program; returns its fd and the log (null when none was requested).</summary>
    public static (SafeFd Fd, string? Log) Load(ProgramLoadOptions options)
    {
        if (options.Instructions.Length == 0)
            throw new ArgumentException($"program '{options.Name}' has no instructions", nameof(options));
        var (fd, log) = KernelLog.Load("BPF_PROG_LOAD", options.Name, options.LogLevel, options.LogSize,
            (uint level, Span<byte> log, out Errno errno, out uint trueSize) => TryLoad(options, level, log, out errno, out trueSize));
        return (SafeFd.FromRaw((int)fd, "BPF_PROG_LOAD", options.Name), log);
    }

    private static long TryLoad(ProgramLoadOptions options, uint level, Span<byte> log, out Errno errno, out uint trueSize)
    {
        var license = System.Text.Encoding.UTF8.GetBytes(options.License + "\0");
        using var btf = HandleLease.Of(options.Btf?.Fd);
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
                LogLevel = log.IsEmpty ? 0 : level,
                LogSize = (uint)log.Length,
                LogBuf = (ulong)logPointer,
                KernVersion = options.KernelVersion,
                ProgFlags = options.Flags,
                ExpectedAttachType = (uint)options.ExpectedAttachType,
                AttachBtfId = options.AttachBtfId,
            };
            ObjectName.Encode(options.Name, new Span<byte>(attr.ProgName, ObjectName.Capacity));
            if (options.Btf is not null)
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
}
