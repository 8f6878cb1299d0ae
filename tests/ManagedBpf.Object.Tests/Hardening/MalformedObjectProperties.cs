using Xunit;

namespace ManagedBpf.Tests.Hardening;

/// <summary>
/// Any mutation of any object in the repository (<see cref="MutationTargets"/>: bit flips, truncation, header fields,
/// counts, offsets and type ids at extremes or off by a little, in every section and BTF type the loader reads) makes
/// <see cref="ObjectSpec.Parse"/> succeed or throw <see cref="BpfFormatException"/>: never another exception, never a
/// hang. The load path is fuzzed the same way, against the kernel, by MutatedObjectLoadProperties.
/// </summary>
public class MalformedObjectProperties
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    [Fact]
    [Trait("Category", "Fuzz")]
    public void EveryMutationParsesOrIsAFormatError() =>
        ObjectMutation.Check(mutation => mutation.EndsWell(PerCase, e => e is BpfFormatException, image => ObjectSpec.Parse(image, "fuzz")));
}
