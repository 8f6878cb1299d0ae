using System.Runtime.InteropServices;
using Xunit;

namespace ManagedBpf.Tests.Maps;

/// <summary>STACK_TRACE: filled by bpf_get_stackid, read, walked and emptied from user space, never written.</summary>
public class StackTraceMapTests
{
    [KernelFact]
    public void AStackIdReadsBackAsKernelAddresses()
    {
        using var obj = MapTypesObject.Load();
        var stacks = obj.Maps["stack_traces"];
        var id = (int)obj.Programs["record_stack"].TestRun(new byte[8]);
        Assert.True(id >= 0, $"bpf_get_stackid failed: {id}");

        var frames = new byte[stacks.ValueBufferSize];
        Assert.True(stacks.TryLookup(BitConverter.GetBytes(id), frames));
        // The innermost frame is in the kernel's text: the upper half of the address space.
        Assert.True(MemoryMarshal.Read<ulong>(frames) >= 0xffff_8000_0000_0000ul, $"first frame {MemoryMarshal.Read<ulong>(frames):x}");
        Assert.Contains((uint)id, stacks.Keys<uint>());
        Assert.Equal(Errno.EINVAL, Assert.Throws<BpfSyscallException>(() => stacks.Update(BitConverter.GetBytes(id), frames)).Errno);

        Assert.True(stacks.TryLookupAndDelete(BitConverter.GetBytes(id), frames));
        Assert.False(stacks.TryLookup(BitConverter.GetBytes(id), frames));
        Assert.False(stacks.Delete(BitConverter.GetBytes(id)));
    }
}
