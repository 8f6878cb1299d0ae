using System.Diagnostics;
using ManagedBpf.Asm;
using ManagedBpf.Maps;
using ManagedBpf.Programs;

namespace ManagedBpf.Tests.Support;

/// <summary>Hand-assembled programs and helpers shared by the kernel tests.</summary>
internal static class TestPrograms
{
    /// <summary>bpf_map_lookup_elem.</summary>
    public const int HelperMapLookupElem = 1;

    /// <summary>bpf_get_current_pid_tgid.</summary>
    public const int HelperGetCurrentPidTgid = 14;

    /// <summary>bpf_ringbuf_output.</summary>
    public const int HelperRingbufOutput = 130;

    /// <summary>r0 = 0; exit.</summary>
    public static Instruction[] ReturnZero() => [Emit.Mov(Register.R0, 0), Emit.Exit()];

    /// <summary>r0 = r2; exit — R2 is never written, so the verifier rejects it ("R2 !read_ok").</summary>
    public static Instruction[] ReadsUninitializedRegister() => [Emit.Mov(Register.R0, Register.R2), Emit.Exit()];

    /// <summary>
    /// key = 0; value = bpf_map_lookup_elem(map, &amp;key); if (value) __sync_fetch_and_add((u64 *)value, 1); return 0.
    /// </summary>
    public static Instruction[] CountInArray(BpfMap map)
    {
        var (load, loadHigh) = Emit.LoadMapFd(Register.R1, Fd(map));
        return
        [
            Emit.StoreImmediate(Register.R10, -4, 0, OpCode.SizeWord),
            load, loadHigh,
            Emit.Mov(Register.R2, Register.R10),
            Emit.Add(Register.R2, -4),
            Emit.CallHelper(HelperMapLookupElem),
            Emit.JumpIfEqual(Register.R0, 0, 2),
            Emit.Mov(Register.R1, 1),
            // BPF_STX | BPF_ATOMIC | BPF_DW with imm BPF_ADD: lock *(u64 *)(r0 + 0) += r1
            new Instruction(0xdb, Register.R0, Register.R1, 0, 0),
            Emit.Mov(Register.R0, 0),
            Emit.Exit(),
        ];
    }

    /// <summary>u64 v = bpf_get_current_pid_tgid(); bpf_ringbuf_output(ringbuf, &amp;v, 8, 0); return 0.</summary>
    public static Instruction[] OutputPidTgid(BpfMap ringbuf)
    {
        var (load, loadHigh) = Emit.LoadMapFd(Register.R1, Fd(ringbuf));
        return
        [
            Emit.CallHelper(HelperGetCurrentPidTgid),
            Emit.Store(Register.R10, -8, Register.R0, OpCode.SizeDouble),
            load, loadHigh,
            Emit.Mov(Register.R2, Register.R10),
            Emit.Add(Register.R2, -8),
            Emit.Mov(Register.R3, 8),
            Emit.Mov(Register.R4, 0),
            Emit.CallHelper(HelperRingbufOutput),
            Emit.Mov(Register.R0, 0),
            Emit.Exit(),
        ];
    }

    public static ProgramLoadOptions Tracepoint(string name, Instruction[] instructions) => new()
    {
        Name = name,
        Type = ProgramType.Tracepoint,
        License = "GPL",
        Instructions = instructions,
    };

    public static ProgramLoadOptions RawTracepoint(string name, Instruction[] instructions) => new()
    {
        Name = name,
        Type = ProgramType.RawTracepoint,
        License = "GPL",
        Instructions = instructions,
    };

    /// <summary>Runs /bin/true and returns its pid (which the exec tracepoint reports).</summary>
    public static int RunTrue()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
        var pid = process.Id;
        process.WaitForExit();
        return pid;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes.</summary>
    public static bool Eventually(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (condition())
                return true;
            Thread.Sleep(20);
        }
        return condition();
    }

    private static int Fd(BpfMap map) => (int)map.Fd.DangerousGetHandle();
}
