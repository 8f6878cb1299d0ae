using Xunit;

namespace ManagedBpf.Tests.Relocation;

/// <summary>A CO-RE relocation that cannot be resolved, on a reachable path, fails the load in words a person can act on.</summary>
public class CoreFailureTests
{
    [KernelFact]
    public void AMissingFieldNamesProgramRelocationPathAndSourceLine()
    {
        var path = Path.Combine(Repository.Root, "bpf", "failing", "core_missing_field.bpf.o");
        var spec = ObjectSpec.ParseFile(path);

        var e = Assert.Throws<BpfVerifierException>(() => BpfObject.Load(spec));

        Assert.Equal("reads_missing_field", e.ObjectName);
        Assert.Contains("program 'reads_missing_field'", e.Message);
        Assert.Contains("FieldByteOffset of task_struct___future.no_such_field", e.Message);
        Assert.Contains("./bpf/failing/core_missing_field.bpf.c:19", e.Message);
        Assert.Contains("cannot be resolved on this kernel", e.Message);
        // The verifier's own reason stays in the message, and the whole log in the exception.
        Assert.Contains("195896080", e.Log);
    }
}
