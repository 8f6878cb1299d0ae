using System.Buffers.Binary;
using ManagedBpf.Links;
using ManagedBpf.Tests.Links;
using Xunit;

namespace ManagedBpf.Tests.Programs;

/// <summary>
/// fentry, fexit, fmod_ret and lsm (bpf/attach/trampolines.bpf.o) on the workload's sendto calls. A kernel that builds
/// BPF trampolines must run them (the VM matrix); one that refuses them (this project's 6.18 host) must say so in one
/// <see cref="BpfNotSupportedException"/> line at load.
/// </summary>
[Collection(AttachWorkloadCollection.Name)]
public class TrampolineTests
{
    [KernelTheory]
    [InlineData("on_entry", "fentry_calls")]
    [InlineData("on_exit", "fexit_calls")]
    [InlineData("on_modify", "fmod_ret_calls")]
    public void ATrampolineProgramCountsEveryCallOrTheKernelSaysItBuildsNone(string program, string counter)
    {
        var spec = TestObjects.ParseFile(Path.Combine(Repository.Root, "bpf", "attach", "trampolines.bpf.o"));
        foreach (var p in spec.Programs.Values)
            p.AutoLoad = p.Name == program;
        BpfObject loaded;
        try
        {
            loaded = BpfObject.Load(spec);
        }
        catch (BpfNotSupportedException e)
        {
            Assert.Contains("BPF trampolines", e.Message);
            Assert.DoesNotContain('\n', e.Message);
            return;
        }
        using (loaded)
        {
            using (loaded.Programs[program].AttachTracing())
                AttachWorkload.Run();
            var bss = LoadedObjects.ReadGlobalData(loaded);
            Assert.Equal((ulong)AttachWorkload.Rounds, BinaryPrimitives.ReadUInt64LittleEndian(bss.AsSpan(loaded.Spec.Variables[counter].Offset)));
        }
    }
}
