using System.Buffers.Binary;
using ManagedBpf.Asm;
using ManagedBpf.Kernel;
using ManagedBpf.Maps;
using ManagedBpf.PerfBuffer;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.PerfBuffer;

/// <summary>
/// A raw tracepoint program that sends its first argument with bpf_perf_event_output(ctx, map, BPF_F_CURRENT_CPU,
/// &amp;value, 8), run through BPF_PROG_TEST_RUN on a chosen CPU, read back through <see cref="PerfBufferReader"/>.
/// </summary>
public class PerfBufferReaderTests
{
    /// <summary>bpf_perf_event_output; BPF_F_CURRENT_CPU.</summary>
    private const int HelperPerfEventOutput = 25;
    private const long CurrentCpu = 0xffffffffL;

    [KernelFact]
    public void EachCpusRecordsArriveInOrderTaggedWithTheirCpu()
    {
        using var map = BpfMap.Create(new MapSpec("perf_out", MapType.PerfEventArray, 4, 4, (uint)PossibleCpus.Count));
        using var program = BpfProgram.Load(Output(map));
        using var reader = new PerfBufferReader(map);
        foreach (var cpu in reader.Cpus)
        {
            program.TestRun(BitConverter.GetBytes(1000ul + (ulong)cpu), cpu);
            program.TestRun(BitConverter.GetBytes(2000ul + (ulong)cpu), cpu);
        }
        var records = new List<(int Cpu, ulong Value, int Length)>();
        var samples = reader.Poll((cpu, record) => records.Add((cpu, BinaryPrimitives.ReadUInt64LittleEndian(record), record.Length)));

        Assert.Equal(2 * reader.Cpus.Count, samples);
        // The kernel pads the raw sample so that its u32 size and the bytes end on 8 (perf_prepare_sample): 8 + 4.
        Assert.Equal(reader.Cpus.SelectMany(cpu => new[] { (cpu, 1000ul + (ulong)cpu, 12), (cpu, 2000ul + (ulong)cpu, 12) }),
            records.OrderBy(r => r.Cpu));
        Assert.Equal(0, reader.Poll((_, _) => { }));
    }

    [KernelFact]
    public void ARecordThatWrapsPastTheRingsEndArrivesWholeAndAFullRingCountsWhatItLost()
    {
        using var map = BpfMap.Create(new MapSpec("perf_wrap", MapType.PerfEventArray, 4, 4, (uint)PossibleCpus.Count));
        using var program = BpfProgram.Load(Output(map));
        using var reader = new PerfBufferReader(map, pagesPerCpu: 1);
        var cpu = reader.Cpus[0];
        var received = new List<ulong>();
        ulong lost = 0, sent = 0;
        void Send(int count)
        {
            for (var i = 0; i < count; i++)
                program.TestRun(BitConverter.GetBytes(sent++), cpu);
        }
        void Poll() => reader.Poll((_, record) => received.Add(BinaryPrimitives.ReadUInt64LittleEndian(record)), (_, n) => lost += n);

        // 24-byte records in a 4096-byte ring: the 171st starts 16 bytes before the end.
        Send(100);
        Poll();
        Send(100);
        Poll();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (ulong)i), received);

        Send(400);
        Poll();
        Send(1); // the kernel writes the PERF_RECORD_LOST before the next record that fits (perf_output_begin)
        Poll();
        Assert.Equal(sent, (ulong)received.Count + lost);
        Assert.True(lost > 0);
        Assert.Equal(sent - 1, received[^1]);
    }

    private static ProgramLoadOptions Output(BpfMap map)
    {
        var (loadMap, loadMapHigh) = Emit.LoadMapFd(Register.R2, (int)map.Fd.DangerousGetHandle());
        var (flags, flagsHigh) = Emit.LoadImm64(Register.R3, CurrentCpu);
        return new ProgramLoadOptions
        {
            Name = "perf_output",
            Type = ProgramType.RawTracepoint,
            License = "GPL",
            Instructions =
            [
                Emit.Mov(Register.R6, Register.R1),
                Emit.Load(Register.R1, Register.R6, 0, OpCode.SizeDouble),
                Emit.Store(Register.R10, -8, Register.R1, OpCode.SizeDouble),
                Emit.Mov(Register.R1, Register.R6),
                loadMap, loadMapHigh,
                flags, flagsHigh,
                Emit.Mov(Register.R4, Register.R10),
                Emit.Add(Register.R4, -8),
                Emit.Mov(Register.R5, 8),
                Emit.CallHelper(HelperPerfEventOutput),
                Emit.Mov(Register.R0, 0),
                Emit.Exit(),
            ],
        };
    }
}
