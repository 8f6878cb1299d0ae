using Xunit;

namespace ManagedBpf.Tests;

/// <summary>What <see cref="BpfObject.Load"/> refuses itself, before the kernel is asked.</summary>
public class BpfObjectTests
{
    /// <summary>
    /// bpf/failing/bare_trampoline.bpf.c: sections that load against a kernel BTF type but name none. libbpf refuses
    /// them before BPF_PROG_LOAD (libbpf_prepare_prog_load: "no BTF-based attach target is specified", EINVAL); so do
    /// we, with an exception that is no syscall's.
    /// </summary>
    [KernelTheory]
    [InlineData("bare_fentry", "fentry")]
    [InlineData("bare_fexit", "fexit")]
    [InlineData("bare_lsm", "lsm")]
    [InlineData("bare_tp_btf", "tp_btf")]
    public void ABareBtfAttachSectionFailsBeforeTheSyscallWithLibbpfsReason(string program, string section)
    {
        var spec = ObjectSpec.ParseFile(Path.Combine(Repository.Root, "bpf", "failing", "bare_trampoline.bpf.o"));
        foreach (var each in spec.Programs.Values)
            each.AutoLoad = each.Name == program;

        var e = Assert.Throws<BpfException>(() => BpfObject.Load(spec));

        Assert.StartsWith($"program '{program}': no BTF-based attach target is specified: section '{section}' ", e.Message);
    }
}
