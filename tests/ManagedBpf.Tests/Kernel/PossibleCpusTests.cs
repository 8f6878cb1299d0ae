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
}
