using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Programs;

/// <summary>BPF_ENABLE_STATS and the run count and run time a program's info then carries.</summary>
public class ProgramStatisticsTests
{
    [KernelFact]
    public void RunsAreCountedAndTimedWhileStatisticsAreOn()
    {
        using var obj = BpfObject.Load(TestObjects.ParseFile(TestObjects.PathOf("globals.bpf.o")));
        var program = obj.Programs["bump"];
        var before = program.GetStatistics();
        using (RunTimeStatistics.Enable())
        {
            for (var i = 0; i < 25; i++)
                program.TestRun(new byte[8]);
        }
        var counted = program.GetStatistics().Since(before);
        Assert.Equal(25ul, counted.RunCount);
        Assert.True(counted.RunTimeNanoseconds > 0);
        Assert.Equal(counted.RunTimeNanoseconds / 25.0, counted.AverageRunTimeNanoseconds);
        Assert.Equal(0ul, counted.RecursionMisses);
    }
}
