using ManagedBpf.Kernel;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

public sealed class KallsymsTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void OnlyTheAskedNamesAreReturnedWithTheirAddresses()
    {
        File.WriteAllText(_path, "ffffffff81000000 T _stext\nffffffff814f1270 T __x64_sys_bpf\nffffffffc0001000 t helper\t[some_module]\n");

        var found = Kallsyms.Find(new HashSet<string> { "__x64_sys_bpf", "helper", "absent" }, _path);

        Assert.Equal(new Dictionary<string, ulong> { ["__x64_sys_bpf"] = 0xffffffff814f1270, ["helper"] = 0xffffffffc0001000 }, found);
    }

    [Fact]
    public void ADataSymbolRenamedByLtoAnswersToItsName()
    {
        File.WriteAllText(_path, "ffffffff82000000 d counter.llvm.1234567\nffffffff82000100 t other.llvm.99\n");

        var found = Kallsyms.Find(new HashSet<string> { "counter", "other" }, _path);

        Assert.Equal(0xffffffff82000000, Assert.Single(found, p => p.Key == "counter").Value);
        Assert.DoesNotContain("other", found.Keys);
    }

    [Fact]
    public void TwoAddressesForOneNameAreAmbiguous()
    {
        File.WriteAllText(_path, "ffffffff81000000 t dup\nffffffff81000010 t dup\n");

        var error = Assert.Throws<BpfException>(() => Kallsyms.Find(new HashSet<string> { "dup" }, _path));

        Assert.Contains("ambiguous", error.Message);
    }

    [KernelFact]
    public void TheRunningKernelListsTheBpfSyscallWrapper()
    {
        var found = Kallsyms.Find(new HashSet<string> { "__x64_sys_bpf" });

        Assert.NotEqual(0UL, Assert.Single(found).Value);
    }
}
