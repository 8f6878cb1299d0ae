using ManagedBpf.Btf;
using Xunit;

namespace ManagedBpf.Tests.Btf;

/// <summary>
/// The sanitizer on its own: nothing to do when the kernel has every feature, and a DATASEC rewritten as a struct
/// for a kernel without them. ManagedBpf.Tests' <c>BtfSanitizerKernelTests</c> loads every rewrite into the kernel.
/// </summary>
public class BtfSanitizerTests
{
    [Fact]
    public void NothingChangesWhenEveryFeatureIsPresent()
    {
        var spec = TestObjects.ParseBootstrap();
        var fixedBtf = BtfFixups.FixDataSections(spec.Btf!, spec.Layout.SectionSize, spec.Layout.SymbolOffset);
        Assert.Same(fixedBtf, BtfSanitizer.Sanitize(fixedBtf, BtfFeatures.All));
    }

    [Fact]
    public void ADatasecBecomesAStructWhoseMembersAreItsVariables()
    {
        var spec = TestObjects.ParseBootstrap();
        var fixedBtf = BtfFixups.FixDataSections(spec.Btf!, spec.Layout.SectionSize, spec.Layout.SymbolOffset);
        var sanitized = BtfSpec.Parse(BtfSanitizer.Sanitize(fixedBtf, BtfFeatures.All & ~BtfFeatures.DataSection));

        var rodata = (BtfComposite)sanitized.GetType(sanitized.FindTypeId("_rodata", BtfKind.Struct));
        Assert.Equal(16u, rodata.Size);
        Assert.Equal([("min_duration_ns", 0u), ("unused_event", 64u)], rodata.Members.Select(m => (m.Name, m.BitOffset)));
    }
}
