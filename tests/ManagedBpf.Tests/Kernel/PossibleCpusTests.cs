using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

public class PossibleCpusTests
{
    [Theory]
    [InlineData("0-7\n", 8)]
    [InlineData("0", 1)]
    [InlineData("0-3,8,10-11", 12)]
    public void CountsPossibleCpus(string list, int expected) => Assert.Equal(expected, PossibleCpus.Parse(list));

    [Fact]
    public void ListsTheIdsOfACpuList() => Assert.Equal([0, 1, 2, 3, 8, 10, 11], CpuList.Parse("0-3,8,10-11\n"));

    [Theory]
    [InlineData("")]
    [InlineData("3-1")]
    [InlineData("0-x")]
    [InlineData("-1")]
    public void AMalformedListIsAFormatError(string list) => Assert.Throws<BpfException>(() => PossibleCpus.Parse(list));

    [KernelFact]
    public void OnlineCpusArePossibleCpus()
    {
        var online = OnlineCpus.List();
        Assert.NotEmpty(online);
        Assert.All(online, cpu => Assert.InRange(cpu, 0, PossibleCpus.Count - 1));
    }
}
