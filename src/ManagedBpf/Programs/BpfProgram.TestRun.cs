using ManagedBpf.Interop;

namespace ManagedBpf.Programs;

/// <summary>Running a loaded program on demand.</summary>
public sealed unsafe partial class BpfProgram
{
    /// <summary>
    /// BPF_PROG_TEST_RUN with <paramref name="context"/> as the program's context (for a raw tracepoint program, its
    /// u64 arguments), once; returns the program's return value. A raw tracepoint program runs on the calling CPU, or
    /// on <paramref name="cpu"/> when it is given (BPF_F_TEST_RUN_ON_CPU, through an IPI).
    /// </summary>
    /// <remarks>Raw tracepoint programs: kernel 5.10+. Other types accept other inputs; only the context is passed here.</remarks>
    public uint TestRun(ReadOnlySpan<byte> context, int? cpu = null)
    {
        using var program = HandleLease.Of(_fd);
        fixed (byte* ctx = context)
        {
            var attr = new ProgTestRunAttr
            {
                ProgFd = (uint)program.Raw,
                CtxSizeIn = (uint)context.Length,
                CtxIn = context.IsEmpty ? 0 : (ulong)ctx,
                Flags = cpu is null ? 0 : ProgTestRunAttr.FlagRunOnCpu,
                Cpu = (uint)(cpu ?? 0),
            };
            BpfSyscall.Invoke(BpfCommand.ProgTestRun, ref attr, Name);
            return attr.Retval;
        }
    }
}
