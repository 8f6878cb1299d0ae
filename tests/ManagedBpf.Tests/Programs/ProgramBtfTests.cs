using System.Diagnostics;
using System.Text.Json;
using ManagedBpf.Btf;
using ManagedBpf.Programs;
using ManagedBpf.Tests.Support;
using Xunit;

namespace ManagedBpf.Tests.Programs;

public class ProgramBtfTests
{
    [KernelFact]
    public void FuncInfoAndLineInfoAreAccepted()
    {
        var builder = new TestBtf();
        var intType = builder.Int("int", 4);
        var voidPointer = builder.Pointer(0);
        var prototype = builder.FunctionPrototype(intType, ("ctx", voidPointer));
        var function = builder.Function("with_btf", prototype);
        var file = builder.String("test.bpf.c");
        var line = builder.String("return 0;");
        using var btf = BtfHandle.Load(builder.Build());

        var options = TestPrograms.Tracepoint("with_btf", TestPrograms.ReturnZero());
        options.Btf = btf;
        options.FuncInfo = TestBtf.Records(0, function);                  // bpf_func_info: insn_off, type_id
        options.LineInfo = TestBtf.Records(0, file, line, (7u << 10) | 5); // bpf_line_info: line 7, column 5
        using var program = BpfProgram.Load(options);

        using var bpftool = Process.Start(new ProcessStartInfo("bpftool", $"-j prog show id {program.Id}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var json = bpftool.StandardOutput.ReadToEnd();
        bpftool.WaitForExit();
        using var document = JsonDocument.Parse(json);
        Assert.Equal(btf.Id, document.RootElement.GetProperty("btf_id").GetUInt32());
    }

    [KernelFact]
    public void BadFuncInfoIsReportedWithTheVerifierLog()
    {
        var builder = new TestBtf();
        var intType = builder.Int("int", 4);
        using var btf = BtfHandle.Load(builder.Build());
        var options = TestPrograms.Tracepoint("err_func_info", TestPrograms.ReturnZero());
        options.Btf = btf;
        options.FuncInfo = TestBtf.Records(0, intType); // an INT is not a FUNC
        var error = Assert.Throws<BpfVerifierException>(() => BpfProgram.Load(options));
        Assert.NotEmpty(error.Log);
    }
}
