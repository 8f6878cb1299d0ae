using System.Text.RegularExpressions;
using ManagedBpf.Tests.Corpus;
using ManagedBpf.Tests.Hardening;
using Mbpf;
using Xunit;

namespace ManagedBpf.Tests.Mbpf;

/// <summary>The mbpf tool, run in process: its output against the objects in the repository and this kernel.</summary>
public class MbpfTests
{
    [KernelFact]
    public void ObjectShowsProgramsMapsVariablesRelocationsAndCoreDecisions()
    {
        var (status, output, _) = Run("object", TestObjects.PathOf("bootstrap.bpf.o"));

        Assert.Equal(0, status);
        Assert.Contains("handle_exec: section tp/sched/sched_process_exec, Tracepoint", output);
        Assert.Contains("handle_exit: section tp/sched/sched_process_exit, Tracepoint", output);
        Assert.Contains("exec_start: Hash key 4 value 8 max_entries 8192", output);
        Assert.Contains("rb: RingBuf key 0 value 0 max_entries 262144", output);
        Assert.Contains("(kernel name bootstra.rodata)", output);
        Assert.Contains("min_duration_ns: .rodata+0, 8 bytes", output);
        Assert.Contains("map exec_start (ld_imm64 becomes BPF_PSEUDO_MAP_FD)", output);
        Assert.Contains("global data .rodata+0 (ld_imm64 becomes BPF_PSEUDO_MAP_VALUE)", output);
        Assert.Matches(@"FieldByteOffset +task_struct\.real_parent: offset 16 -> \d+ \(target \[\d+\] struct task_struct", output);
        Assert.Contains("task_struct.exit_code", output);
        Assert.Contains("trace_event_raw_sched_process_exec.__data_loc_filename", output);
    }

    [KernelFact]
    public void LoadPrintsTheTagLibbpfGivesEachProgram()
    {
        var path = Path.Combine(CorpusPaths.Directory, "subprogs.bpf.o");
        var (status, output, _) = Run("load", path);

        Assert.Equal(0, status);
        var libbpf = CorpusTagTests.LibbpfTags(path).Select(p => $"{p.Key} {p.Value}").Order();
        Assert.Equal(libbpf, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
    }

    [KernelFact]
    public void LoadEachReportsEveryProgramAndFailsIfTheKernelRefusedOne()
    {
        var (loadedStatus, loaded, _) = Run("load", "--each", TestObjects.PathOf("bootstrap.bpf.o"));
        var (refusedStatus, refused, _) = Run("load", "--each", Path.Combine(Repository.Root, "bpf", "hardening", "rejected.bpf.o"));

        Assert.Equal(0, loadedStatus);
        Assert.Matches(@"^handle_exec [0-9a-f]{16}\nhandle_exit [0-9a-f]{16}\n$", loaded);
        Assert.Equal(1, refusedStatus);
        Assert.StartsWith("handle_exec error: BPF_PROG_LOAD 'handle_exec' failed: EACCES", refused);
        Assert.Single(refused.TrimEnd('\n').Split('\n'));
    }

    [KernelFact]
    public void LoadSkipLeavesTheNamedProgramsOutAndLoadsTheRestAsOneObject()
    {
        var (status, output, _) = Run("load", TestObjects.PathOf("bootstrap.bpf.o"), "--skip", "handle_exit");
        var (eachStatus, each, _) = Run("load", "--each", "--skip=handle_exec", TestObjects.PathOf("bootstrap.bpf.o"));

        Assert.Equal(0, status);
        Assert.Matches(@"^handle_exec [0-9a-f]{16}\n$", output);
        Assert.Equal(0, eachStatus);
        Assert.Matches(@"^handle_exit [0-9a-f]{16}\n$", each);
    }

    [Fact]
    public void SkippingAProgramTheObjectLacksIsAUsageError()
    {
        var (status, output, errors) = Run("load", TestObjects.PathOf("bootstrap.bpf.o"), "--skip", "handle_exec,no_such_program");

        Assert.Equal(64, status);
        Assert.Empty(output);
        Assert.Equal($"mbpf: --skip no_such_program: {TestObjects.PathOf("bootstrap.bpf.o")} has no program of that name\n", errors);
    }

    [Fact]
    public void ObjectListsTheExternsTheKernelMustSupply()
    {
        var (status, output, _) = Run("object", Path.Combine(CorpusPaths.Directory, "externs_kconfig.bpf.o"));

        Assert.Equal(0, status);
        Assert.Contains("extern (kcfg) 'CONFIG_HZ': Int, 4 bytes at offset 16", output);
        Assert.Contains("extern (kcfg) 'CONFIG_MODULES': Tristate, 4 bytes at offset 20, weak", output);
        Assert.Contains(".kconfig: Array key 4 value 55 max_entries 1 flags 0x480 (kernel name externs.kconfig)", output);
        Assert.Contains("extern CONFIG_HZ (kconfig value, kernel symbol or kfunc)", output);
    }

    [Fact]
    public void ObjectShowsWhichProgramEachStructOpsMemberIs()
    {
        var (status, output, _) = Run("object", Path.Combine(CorpusPaths.Directory, "struct_ops.bpf.o"));

        Assert.Equal(0, status);
        Assert.Matches(@"corpus_cc: StructOps key 4 value \d+ max_entries 1 .*struct tcp_congestion_ops .*ssthresh=corpus_ssthresh", output);
        Assert.Contains("corpus_init: section struct_ops/corpus_init, StructOps", output);
    }

    [KernelFact]
    public void BtfDumpOfTheKernelListsTaskStruct()
    {
        var (status, output, _) = Run("btf", "dump");
        Assert.Equal(0, status);
        Assert.Matches(@"\[\d+\] STRUCT 'task_struct' size=\d+ vlen=\d+", output);
    }

    [Fact]
    public void BtfDumpOfAnObjectListsItsDatasecs()
    {
        var (status, output, _) = Run("btf", "dump", TestObjects.PathOf("bootstrap.bpf.o"));
        Assert.Equal(0, status);
        Assert.Contains("DATASEC '.maps'", output);
        Assert.Contains("VAR 'min_duration_ns'", output);
        Assert.Contains("FUNC 'handle_exec' type_id=", output);
    }

    [Theory]
    [InlineData(64, "nonsense")]
    [InlineData(64)]
    [InlineData(64, "-v")]
    [InlineData(66, "load", "/no/such/object.o")]
    [InlineData(66, "object", "/proc/self/mem")]
    [InlineData(66, "btf", "dump", "/")]
    [InlineData(64, "load", "--skip")]
    [InlineData(64, "load", "a.o", "b.o")]
    [InlineData(64, "load", "--every", "a.o")]
    public void MistakesAreOneLineAndAStatus(int expected, params string[] args)
    {
        var (status, output, errors) = Run(args);
        Assert.Equal(expected, status);
        Assert.Empty(output);
        Assert.Matches("^mbpf: [^\n]+\n$", errors);
    }

    [Fact]
    public void AMalformedObjectIsADataError()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0]);
            var (status, _, errors) = Run("object", path);
            Assert.Equal(65, status);
            Assert.Matches($"^mbpf: malformed BPF object {path}: not an ELF file \\(offset 0\\); rebuild it with clang -target bpf -g -O2\n$", errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The objects of earlier finds (tests/Shared/regressions): a struct_ops mutant that made `mbpf load` die with an
    /// unhandled ArgumentOutOfRangeException and SIGABRT, and a variable whose symbol value wrapped the bounds check
    /// (the 100,000-case fuzz run found it, `mbpf object` ended with status 99), and the next run's two finds: a .rodata
    /// whose section type became SHT_NULL (a map of no bytes; `mbpf object` ended with status 99) and a function symbol
    /// that cuts a relocated ld_imm64 in two (`mbpf load` wrote past the program's last instruction).
    /// </summary>
    [Theory]
    [InlineData("struct_ops-mutant.bpf.o", @"\.BTF: struct_ops variable 'corpus_cc': member 'name' .* \(offset 328\)", "load")]
    [InlineData("struct_ops-mutant.bpf.o", @"\.BTF: struct_ops variable 'corpus_cc': member 'name' .* \(offset 328\)", "object")]
    [InlineData("struct_ops-mutant.bpf.o", @"\.BTF: struct_ops variable 'corpus_cc': member 'name' .* \(offset 328\)", "btf", "dump")]
    [InlineData("variable-offset-mutant.bpf.o", @"\.symtab: variable 'seen' \[18446744073709551615, \+64\) lies outside its section \.bss \(64 bytes\) \(offset \d+\)", "load")]
    [InlineData("variable-offset-mutant.bpf.o", @"\.symtab: variable 'seen' \[18446744073709551615, \+64\) lies outside its section \.bss \(64 bytes\) \(offset \d+\)", "object")]
    [InlineData("rodata-null-type-mutant.bpf.o", @"\.reltc: relocation at insn 13 refers to section '\.rodata', which is no map, global data, function or extern the loader knows \(offset 0\)", "object")]
    [InlineData("rodata-null-type-mutant.bpf.o", @"\.reltc: relocation at insn 13 refers to section '\.rodata', which is no map, global data, function or extern the loader knows \(offset 0\)", "load")]
    [InlineData("ldimm64-cut-mutant.bpf.o", @"syscall: function 'ksym_variable' ends inside the ld_imm64 at insn 0 \(offset 0\)", "load")]
    [InlineData("ldimm64-cut-mutant.bpf.o", @"syscall: function 'ksym_variable' ends inside the ld_imm64 at insn 0 \(offset 0\)", "object")]
    public void RegressionObjectsAreOneLineAndStatus65(string mutant, string message, params string[] command)
    {
        var path = Regressions.PathOf(mutant);
        var (status, output, errors) = Run([.. command, path]);

        Assert.Equal(65, status);
        Assert.Empty(output);
        Assert.Matches($@"^mbpf: malformed BPF object .*{Regex.Escape(mutant)}: {message}; rebuild it .*\n$", errors);
    }

    [KernelFact]
    public void ARejectedProgramIsOneLineAndStatus70AndVerboseAddsTheLog()
    {
        var rejected = Path.Combine(Repository.Root, "bpf", "hardening", "rejected.bpf.o");

        var (status, _, errors) = Run("load", rejected);
        var (verboseStatus, _, verbose) = Run("load", rejected, "-v");

        Assert.Equal(70, status);
        Assert.Matches(@"^mbpf: the kernel's verifier rejected program 'handle_exec': .*invalid mem access.*; run with -v for the whole verifier log\n$", errors);
        Assert.Equal(70, verboseStatus);
        Assert.Contains("managedbpf: ", verbose); // the loader's log
        Assert.Contains("verifier log of 'handle_exec':", verbose);
        Assert.Contains("processed ", verbose);
    }

    internal static (int Status, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };
        var status = MbpfCommand.Run(args, output, errors);
        return (status, output.ToString(), errors.ToString());
    }
}
