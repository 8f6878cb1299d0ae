using ManagedBpf.Kernel;
using ManagedBpf.Links;
using ManagedBpf.Programs;
using Xunit;

namespace ManagedBpf.Tests.Links;

/// <summary>
/// kprobes, kretprobes, ksyscalls and kprobe.multi. Each test checks what the running kernel can do: with kprobes
/// (the VM matrix's Debian kernels) the probe must fire; without CONFIG_KPROBES (this project's 6.18 host) the attach
/// must fail with one <see cref="BpfNotSupportedException"/> line naming the missing support.
/// </summary>
[Collection(AttachWorkloadCollection.Name)]
public class KernelProbeTests
{
    private static bool HasKprobes => ProbeEvents.PmuType("kprobe") is not null || ProbeEvents.HasEventsFile("kprobe");

    [KernelFact]
    public void KretprobeOnVfsWriteSeesAWriteOrTheKernelSaysItHasNoKprobes()
    {
        using var loaded = LoadSections("ret_probe");
        if (!HasKprobes)
        {
            var refused = Assert.Throws<BpfNotSupportedException>(() => loaded.Programs["ret_probe"].AttachKprobe("vfs_write", isReturn: true));
            Assert.Contains("CONFIG_KPROBES", refused.Message);
            Assert.DoesNotContain('\n', refused.Message);
            return;
        }
        using (loaded.Programs["ret_probe"].AttachKprobe("vfs_write", isReturn: true))
            File.WriteAllText(Path.GetTempFileName(), "twelve bytes");
        Assert.NotEqual(0, BitConverter.ToInt64(LoadedObjects.ReadGlobalData(loaded), loaded.Spec.Variables["last_ret"].Offset));
    }

    [KernelFact]
    public void LegacyKretprobeWithMaxActiveIsRemovedOnDisposeOrRefused()
    {
        using var loaded = LoadSections("ret_probe");
        if (!ProbeEvents.HasEventsFile("kprobe"))
        {
            Assert.Throws<BpfNotSupportedException>(() => loaded.Programs["ret_probe"].AttachKprobe("vfs_write", isReturn: true, maxActive: 8));
            return;
        }
        var events = Path.Combine(Tracefs.Locate(), "kprobe_events");
        string name;
        using (var link = (TracefsProbeLink)loaded.Programs["ret_probe"].AttachKprobe("vfs_write", isReturn: true, maxActive: 8))
        {
            name = link.EventName;
            Assert.Contains(name, File.ReadAllText(events));
        }
        Assert.DoesNotContain(name, File.ReadAllText(events));
    }

    [KernelFact]
    public void KsyscallNamesTheSyscallWrapperOfThisKernel()
    {
        var function = Ksyscall.FunctionOf("getppid");
        Assert.Equal(KernelFeatures.SyscallWrapper ? $"__{KernelProbes.ArchitecturePrefix}_sys_getppid" : "__se_sys_getppid", function);
        using var loaded = LoadSections("ret_probe");
        if (!HasKprobes)
        {
            Assert.Throws<BpfNotSupportedException>(() => loaded.Programs["ret_probe"].AttachKsyscall("getppid", isReturn: true));
            return;
        }
        using (loaded.Programs["ret_probe"].AttachKsyscall("getppid", isReturn: true))
            AttachWorkload.Run();
        Assert.NotEqual(0, BitConverter.ToInt64(LoadedObjects.ReadGlobalData(loaded), loaded.Spec.Variables["last_ret"].Offset));
    }

    [KernelFact]
    public void KprobeMultiOnAPatternFiresOrTheKernelSaysWhatItLacks()
    {
        var spec = TestObjects.ParseFile(Path.Combine(CorpusPaths.Directory, "sections.bpf.o"));
        foreach (var program in spec.Programs.Values)
            program.AutoLoad = program.Name == "ret_probe";
        spec.Programs["ret_probe"].ExpectedAttachType = AttachType.TraceKprobeMulti;
        BpfObject loaded;
        try
        {
            loaded = BpfObject.Load(spec);
        }
        catch (BpfVerifierException) when (!HasKprobes)
        {
            return; // a kernel without kprobes may refuse the attach type at load already
        }
        using (loaded)
        {
            BpfLink link;
            try
            {
                link = loaded.Programs["ret_probe"].AttachKprobeMulti("vfs_writ?", isReturn: true);
            }
            catch (BpfNotSupportedException refused)
            {
                // No CONFIG_FPROBE: this host (no kprobes at all) and Debian's 6.1 cloud kernel (kprobes, no fprobe).
                Assert.Contains("KPROBE_MULTI (CONFIG_FPROBE)", refused.Message);
                Assert.DoesNotContain('\n', refused.Message);
                return;
            }
            using (link)
                File.WriteAllText(Path.GetTempFileName(), "twelve bytes");
            Assert.NotEqual(0, BitConverter.ToInt64(LoadedObjects.ReadGlobalData(loaded), loaded.Spec.Variables["last_ret"].Offset));
        }
    }

    private static BpfObject LoadSections(string program)
    {
        var spec = TestObjects.ParseFile(Path.Combine(CorpusPaths.Directory, "sections.bpf.o"));
        foreach (var p in spec.Programs.Values)
            p.AutoLoad = p.Name == program;
        return BpfObject.Load(spec);
    }
}
