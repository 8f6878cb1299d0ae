using ManagedBpf.Btf;
using ManagedBpf.Interop;
using ManagedBpf.Kernel;
using ManagedBpf.Tests.Btf;
using ManagedBpf.Tests.CoRe;
using Xunit;

namespace ManagedBpf.Tests.Kernel;

/// <summary>
/// Reading the kernel's BTF: mapped where sysfs allows it (6.15+), read where it does not (every older kernel:
/// a failed mapping once passed for an empty one, and 6.1 saw "0 bytes is too short for a BTF header").
/// </summary>
public class KernelBtfTests
{
    [KernelFact]
    public void ReadingVmlinuxGivesTheBytesTheMappingGives()
    {
        var read = KernelBtf.Read(KernelBtf.VmlinuxPath);
        Assert.True(read.Length > 1 << 20, $"vmlinux BTF read as {read.Length} bytes");
        Assert.True(read.AsSpan().SequenceEqual(KernelBtf.Bytes(KernelBtf.VmlinuxPath).Span));
        Assert.True(BtfSpec.Parse(read).TypeCount > 10_000);
    }

    /// <summary>The kernel's own BTF cannot change while it runs: parsed once per process. A file can: read again.</summary>
    [KernelFact]
    public void TheKernelsBtfIsParsedOnceAndAFileOnEveryLoad()
    {
        Assert.Same(KernelBtf.LoadVmlinux(), KernelBtf.LoadVmlinux());
        var path = Path.GetTempFileName();
        try
        {
            var b = new BtfBuilder();
            b.Int("int", 4, BtfIntEncoding.Signed);
            File.WriteAllBytes(path, b.Build());
            var first = KernelBtf.LoadVmlinux(path);
            b.Int("long", 8, BtfIntEncoding.Signed);
            File.WriteAllBytes(path, b.Build());
            Assert.Equal(first.TypeCount + 1, KernelBtf.LoadVmlinux(path).TypeCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AFileThatCannotBeMappedIsNotTakenForAnEmptyOne()
    {
        // procfs files have no mmap operation, as sysfs BTF had none before 6.15: mmap fails with ENODEV.
        using var handle = File.OpenHandle("/proc/self/status", FileMode.Open, FileAccess.Read);
        Assert.False(FileMapping.TryMapReadOnly(handle, 4096, out var memory));
        Assert.True(memory.IsEmpty);
    }

    [Fact]
    public void AFileThatIsNotBtfIsNamedInTheError()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [1, 2, 3]);
            var e = Assert.Throws<BpfException>(() => KernelBtf.LoadVmlinux(path));
            Assert.Contains(path, e.Message);
            Assert.IsType<BpfFormatException>(e.InnerException);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AMissingFileIsNamedInTheError()
    {
        var e = Assert.Throws<BpfException>(() => KernelBtf.LoadVmlinux("/no/such/vmlinux"));
        Assert.Contains("/no/such/vmlinux", e.Message);
        Assert.Contains("CONFIG_DEBUG_INFO_BTF", e.Message);
    }

    [Fact]
    public void LoadsModuleBtfFromADirectory()
    {
        var b = new BtfBuilder();
        var i = b.Int("int", 4, BtfIntEncoding.Signed);
        var vmlinuxBytes = b.Build();
        var vmlinux = BtfSpec.Parse(vmlinuxBytes);
        var m = new BtfBuilder(vmlinux);
        var thing = m.Struct("thing", 4, ("x", i, 0, 0));
        var directory = Directory.CreateTempSubdirectory("managedbpf-btf-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(directory, "vmlinux"), vmlinuxBytes);
            File.WriteAllBytes(Path.Combine(directory, "mod"), m.Build());
            var kernel = KernelBtf.LoadVmlinux(Path.Combine(directory, "vmlinux"));
            var module = KernelBtf.LoadModule("mod", kernel, directory);
            Assert.Equal(thing, module.FindTypeId("thing", BtfKind.Struct));
            Assert.Same(kernel, module.Base);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void LoadsNoModulesFromAnEmptyDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("managedbpf-btf-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(directory, "vmlinux"), new CoreFixture().Target.Build());
            Assert.Empty(KernelBtf.LoadModules(new CoreFixture().Target.Spec(), directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
