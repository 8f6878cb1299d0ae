using ManagedBpf.Externs;
using Xunit;
using ManagedBpf.Kernel;

namespace ManagedBpf.Tests.Externs;

public sealed class KallsymsTests : IDisposable
{
    private readonly string path = Path.GetTempFileName();

    public void Dispose() => File.Delete(path);

    [Fact]
    public void Only_the_asked_names_are_returned_with_their_addresses()
    {
        File.WriteAllText(path, "ffffffff81000000 T _stext\nffffffff814f1270 T __x64_sys_bpf\nffffffffc0001000 t helper\t[some_module]\n");

        var found = Kallsyms.Find(new HashSet<string> { "__x64_sys_bpf", "helper", "absent" }, path);

        Assert.Equal(new Dictionary<string, ulong> { ["__x64_sys_bpf"] = 0xffffffff814f1270, ["helper"] = 0xffffffffc0001000 }, found);
    }

    [Fact]
    public void A_data_symbol_renamed_by_lto_answers_to_its_name()
    {
        File.WriteAllText(path, "ffffffff82000000 d counter.llvm.1234567\nffffffff82000100 t other.llvm.99\n");

        var found = Kallsyms.Find(new HashSet<string> { "counter", "other" }, path);

        Assert.Equal(0xffffffff82000000, Assert.Single(found, p => p.Key == "counter").Value);
        Assert.DoesNotContain("other", found.Keys);
    }

    [Fact]
    public void Two_addresses_for_one_name_are_ambiguous()
    {
        File.WriteAllText(path, "ffffffff81000000 t dup\nffffffff81000010 t dup\n");

        var error = Assert.Throws<BpfException>(() => Kallsyms.Find(new HashSet<string> { "dup" }, path));

        Assert.Contains("ambiguous", error.Message);
    }

    [KernelFact]
    public void The_running_kernel_lists_the_bpf_syscall_wrapper()
    {
        var found = Kallsyms.Find(new HashSet<string> { "__x64_sys_bpf" });

        Assert.NotEqual(0UL, Assert.Single(found).Value);
    }
}
