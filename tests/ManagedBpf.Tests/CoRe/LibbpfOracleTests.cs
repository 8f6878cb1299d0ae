using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Kernel;
using ManagedBpf.Tests.Btf;
using Xunit;

namespace ManagedBpf.Tests.CoRe;

/// <summary>
/// libbpf as the oracle: `bpftool -d prog loadall` logs every CO-RE decision ("patched insn #30 (ALU/ALU64) imm 16
/// -> 1280", "substituting insn #79 w/ invalid insn"). We relocate the same object against the same kernel and
/// require the same instructions. Needs root and bpftool (both present on the project's machines).
/// </summary>
public partial class LibbpfOracleTests
{
    [KernelTheory]
    [InlineData("core_kinds.bpf.o")]
    [InlineData("bootstrap.bpf.o")]
    public void RelocationsMatchLibbpf(string objectName)
    {
        var path = objectName == "bootstrap.bpf.o" ? TestObjects.PathOf(objectName) : Path.Combine(Repository.Root, "bpf", "oracle", objectName);
        var decisions = ParseLog(LibbpfLog(path));
        Assert.NotEmpty(decisions);

        var elf = new TestElf(File.ReadAllBytes(path));
        var local = BtfSpec.Parse(elf.Section(".BTF"));
        var ext = BtfExt.Parse(elf.Section(".BTF.ext"), local);
        var relocator = new CoreRelocator(local, KernelBtf.LoadVmlinux());
        var checkedCount = 0;
        foreach (var (section, records) in ext.CoreRelocations)
        {
            var instructions = MemoryMarshal.Cast<byte, Instruction>(elf.Section(section).ToArray().AsSpan());
            for (var relo = 0; relo < records.Count; relo++)
            {
                var result = relocator.Resolve(records[relo]);
                var index = (int)(records[relo].InstructionOffset / 8);
                result.Apply(instructions, index);
                foreach (var d in decisions.Where(d => d.Section == section && d.Relo == relo))
                {
                    Assert.Equal(d.Instruction, index);
                    var insn = instructions[index];
                    var actual = d.What switch
                    {
                        "invalid" => insn.OpCode == OpCode.Call && insn.Immediate == CoreRelocationResult.PoisonHelperId ? 1UL : 0UL,
                        "imm" => (uint)insn.Immediate,
                        "imm64" => (uint)insn.Immediate | ((ulong)(uint)instructions[index + 1].Immediate << 32),
                        "off" => (ushort)insn.Offset,
                        "mem_sz" => (ulong)OpCode.AccessSize(insn.OpCode),
                        _ => throw new InvalidOperationException(d.What),
                    };
                    Assert.True(d.Value == actual, $"{section} relo #{relo} ({result.Description}): libbpf {d.What} {d.Value}, ours {actual}");
                    checkedCount++;
                }
            }
        }

        Assert.Equal(decisions.Count, checkedCount);
    }

    private record Decision(string Section, int Relo, int Instruction, string What, ulong Value);

    /// <summary>Maps libbpf's per-program log lines back to ELF sections (one program per section here).</summary>
    private static List<Decision> ParseLog(string log)
    {
        var sectionOfProgram = new Dictionary<string, string>();
        foreach (Match m in ProgramLine().Matches(log))
            sectionOfProgram[m.Groups["prog"].Value] = m.Groups["sec"].Value;

        var decisions = new List<Decision>();
        foreach (Match m in PatchLine().Matches(log))
        {
            var what = m.Groups["what"].Success ? m.Groups["what"].Value : "invalid";
            var value = m.Groups["value"].Success ? ulong.Parse(m.Groups["value"].Value) : 1UL;
            decisions.Add(new Decision(sectionOfProgram[m.Groups["prog"].Value], int.Parse(m.Groups["relo"].Value), int.Parse(m.Groups["insn"].Value), what, value));
        }

        return decisions;
    }

    /// <summary>Runs `bpftool -d prog loadall` into a scratch bpffs directory and returns libbpf's log (stderr).</summary>
    private static string LibbpfLog(string objectPath)
    {
        Bpffs.EnsureMounted();
        var pins = $"/sys/fs/bpf/managedbpf_oracle_{Environment.ProcessId}_{Guid.NewGuid():N}";
        try
        {
            var start = new ProcessStartInfo("bpftool", ["-d", "prog", "loadall", objectPath, pins])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            // core_kinds.bpf.o holds programs the verifier rejects on purpose (poisoned, size-changed loads):
            // loadall fails after libbpf has logged every relocation decision, which is all we compare.
            return stderr.Result;
        }
        finally
        {
            if (Directory.Exists(pins))
                Directory.Delete(pins, recursive: true);
        }
    }

    [GeneratedRegex(@"sec '(?<sec>[^']+)': found program '(?<prog>[^']+)'")]
    private static partial Regex ProgramLine();

    [GeneratedRegex(@"prog '(?<prog>[^']+)': relo #(?<relo>\d+): (?:patched insn #(?<insn>\d+) \([^)]*\) (?<what>imm64|imm|off|mem_sz) \d+ -> (?<value>\d+)|substituting insn #(?<insn>\d+) w/ invalid insn)")]
    private static partial Regex PatchLine();
}
