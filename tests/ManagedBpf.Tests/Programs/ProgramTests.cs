using ManagedBpf.Asm;
using ManagedBpf.Programs;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Programs;

public class ProgramTests
{
    [KernelFact]
    public void TrivialTracepointProgramLoadsWithIdAndTag()
    {
        using var program = BpfProgram.Load(TestPrograms.Tracepoint("ret_zero", TestPrograms.ReturnZero()));
        Assert.True(program.Id > 0);
        Assert.Matches("^[0-9a-f]{16}$", program.Tag);
        Assert.Contains(program.Id, BpfProgram.GetLoadedIds());
        Assert.Null(program.VerifierLog);
    }

    [KernelFact]
    public void SameInstructionsGiveTheSameTag()
    {
        using var first = BpfProgram.Load(TestPrograms.Tracepoint("tag_a", TestPrograms.ReturnZero()));
        using var second = BpfProgram.Load(TestPrograms.Tracepoint("tag_b", TestPrograms.ReturnZero()));
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(first.Tag, second.Tag);
    }

    [KernelFact]
    public void BadProgramRaisesVerifierExceptionWithReason()
    {
        var error = Assert.Throws<BpfVerifierException>(() =>
            BpfProgram.Load(TestPrograms.Tracepoint("err_uninit", TestPrograms.ReadsUninitializedRegister())));
        Assert.Equal(Errno.EACCES, error.Errno);
        Assert.Equal("err_uninit", error.ObjectName);
        Assert.Contains("R2 !read_ok", error.Log);
        Assert.Contains("R2 !read_ok", error.Message);
    }

    [KernelFact]
    public void LogIsKeptWhenRequested()
    {
        var options = TestPrograms.Tracepoint("logged", TestPrograms.ReturnZero());
        options.LogLevel = 1;
        using var program = BpfProgram.Load(options);
        Assert.False(string.IsNullOrEmpty(program.VerifierLog));
    }

    [KernelFact]
    public void LogGrowsOnEnospcForAcceptedProgram()
    {
        var options = TestPrograms.Tracepoint("big_log", LongProgram(valid: true));
        options.LogLevel = 2;
        options.LogSize = 1024;
        using var program = BpfProgram.Load(options);
        Assert.True(program.VerifierLog!.Length > 1024);
        Assert.Contains("processed", program.VerifierLog);
    }

    [KernelFact]
    public void RejectionLogIsCompleteEvenWhenItOutgrowsTheBuffer()
    {
        var options = TestPrograms.Tracepoint("err_big_log", LongProgram(valid: false));
        options.LogLevel = 2;
        options.LogSize = 1024;
        var error = Assert.Throws<BpfVerifierException>(() => BpfProgram.Load(options));
        Assert.True(error.Log.Length > 1024);
        Assert.StartsWith("func#0", error.Log.TrimStart());
        Assert.Contains("R2 !read_ok", error.Log);
    }

    [Fact]
    public void EmptyProgramIsRejectedBeforeTheKernel() =>
        Assert.Throws<ArgumentException>(() => BpfProgram.Load(TestPrograms.Tracepoint("empty", [])));

    [KernelFact]
    public void DisposedProgramLeavesTheKernel()
    {
        var program = BpfProgram.Load(TestPrograms.Tracepoint("short_lived", TestPrograms.ReturnZero()));
        var id = program.Id;
        program.Dispose();
        Assert.True(TestPrograms.Eventually(() => !BpfProgram.GetLoadedIds().Contains(id), TimeSpan.FromSeconds(5)));
    }

    private static Instruction[] LongProgram(bool valid)
    {
        var body = Enumerable.Range(0, 300).Select(i => Emit.Mov(Register.R1, i));
        var tail = valid ? [Emit.Mov(Register.R0, 0), Emit.Exit()] : TestPrograms.ReadsUninitializedRegister();
        return [.. body, .. tail];
    }
}
