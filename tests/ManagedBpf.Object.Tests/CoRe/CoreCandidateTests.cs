using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Tests.Btf;
using Xunit;

namespace ManagedBpf.Tests.CoRe;

/// <summary>Candidate search: flavors, ambiguity, libbpf's candidate pruning, module BTF, malformed input.</summary>
public class CoreCandidateTests
{
    private readonly CoreFixture _f = new();

    /// <summary>A target with two flavors of s that disagree on where x is.</summary>
    private static BtfSpec TwoFlavors(bool v2HasGone)
    {
        var t = new BtfBuilder();
        var tInt = t.Int("int", 4, BtfIntEncoding.Signed);
        t.Struct("s", 8, ("x", tInt, 0, 0), ("y", tInt, 32, 0));
        if (v2HasGone)
            t.Struct("s___v2", 12, ("y", tInt, 0, 0), ("x", tInt, 32, 0), ("gone", tInt, 64, 0));
        else
            t.Struct("s___v2", 8, ("y", tInt, 0, 0), ("x", tInt, 32, 0));
        return t.Spec();
    }

    [Fact]
    public void AmbiguousCandidatesAreAnError()
    {
        var x = _f.Record(_f.S, "0:0", CoreRelocationKind.FieldByteOffset);
        var relocator = _f.Relocator(TwoFlavors(v2HasGone: false));
        var e = Assert.Throws<CoreRelocationException>(() => relocator.Resolve(x));
        Assert.Contains("ambiguity", e.Message);
    }

    [Fact]
    public void AgreeingCandidatesAreFine()
    {
        // Both flavors are 8 bytes, so TYPE_SIZE agrees.
        var size = _f.Record(_f.S, "0", CoreRelocationKind.TypeSize);
        Assert.Equal(8UL, _f.Relocator(TwoFlavors(v2HasGone: false)).Resolve(size).NewValue);

        // libbpf compares bit offsets for every field kind, so even FIELD_EXISTS is ambiguous when x moved.
        var exists = _f.Record(_f.S, "0:0", CoreRelocationKind.FieldExists);
        Assert.Throws<CoreRelocationException>(() => _f.Relocator(TwoFlavors(v2HasGone: false)).Resolve(exists));
    }

    [Fact]
    public void MatchingCandidatesPruneTheCacheLikeLibbpf()
    {
        var goneRecord = _f.Record(_f.S, "0:6", CoreRelocationKind.FieldByteOffset);
        var x = _f.Record(_f.S, "0:0", CoreRelocationKind.FieldByteOffset);
        var relocator = _f.Relocator(TwoFlavors(v2HasGone: true));
        // Only s___v2 has "gone": after this relocation the cached candidates for s are just s___v2 ...
        Assert.Equal(8UL, relocator.Resolve(goneRecord).NewValue);
        // ... so x is no longer ambiguous and resolves in s___v2.
        Assert.Equal(4UL, relocator.Resolve(x).NewValue);

        // A fresh relocator starting with x sees both flavors and fails.
        var fresh = _f.Relocator(TwoFlavors(v2HasGone: true));
        Assert.Throws<CoreRelocationException>(() => fresh.Resolve(x));
    }

    [Fact]
    public void IncompatibleFieldTypesDoNotMatch()
    {
        var t = new BtfBuilder();
        var tInt = t.Int("int", 4, BtfIntEncoding.Signed);
        var tInner = t.Struct("inner", 8, ("a", tInt, 0, 0), ("b", tInt, 32, 0));
        t.Struct("s", 8, ("x", tInner, 0, 0)); // x is a struct in the target, an int locally
        var x = _f.Record(_f.S, "0:0", CoreRelocationKind.FieldByteOffset);
        var result = _f.Relocator(t.Spec()).Resolve(x);
        Assert.True(result.Poisoned);
    }

    [Fact]
    public void ModuleBtfIsSearchedOnlyWithoutVmlinuxCandidates()
    {
        var vmlinux = _f.Target.Spec();
        var m = new BtfBuilder(vmlinux);
        var mInt = vmlinux.FindTypeId("int", BtfKind.Int);
        var absent = m.Struct("absent", 8, ("pad", mInt, 0, 0), ("x", mInt, 32, 0));
        m.Struct("s", 4, ("x", mInt, 0, 0)); // would give x = 0 if modules were searched for s
        var module = m.Spec(vmlinux);
        Assert.Equal(vmlinux.TypeCount, module.FirstOwnId);
        Assert.Equal("int", module.GetType(mInt).Name);

        var absentX = _f.Record(_f.Absent, "0:0", CoreRelocationKind.FieldByteOffset);
        var sX = _f.Record(_f.S, "0:0", CoreRelocationKind.FieldByteOffset);
        var relocator = _f.Relocator(vmlinux, module);
        var inModule = relocator.Resolve(absentX);
        Assert.Equal((4UL, absent, module), (inModule.NewValue, inModule.TargetTypeId, inModule.TargetBtf));
        var inVmlinux = relocator.Resolve(sX);
        Assert.Equal((16UL, vmlinux), (inVmlinux.NewValue, inVmlinux.TargetBtf));
    }

    [Fact]
    public void EveryModuleContributesCandidates()
    {
        var vmlinux = _f.Target.Spec();
        var mInt = vmlinux.FindTypeId("int", BtfKind.Int);
        var first = new BtfBuilder(vmlinux);
        first.Struct("absent", 4, ("x", mInt, 0, 0));
        var second = new BtfBuilder(vmlinux);
        second.Struct("absent", 8, ("pad", mInt, 0, 0), ("x", mInt, 32, 0));
        var record = _f.Record(_f.Absent, "0:0", CoreRelocationKind.FieldByteOffset);
        var relocator = _f.Relocator(vmlinux, first.Spec(vmlinux), second.Spec(vmlinux));
        // Both modules define "absent" with x in different places: libbpf sees both and reports ambiguity.
        Assert.Contains("ambiguity", Assert.Throws<CoreRelocationException>(() => relocator.Resolve(record)).Message);
    }

    [Fact]
    public void ModulesAreLoadedOnlyWhenNeededAndOnce()
    {
        var vmlinux = _f.Target.Spec();
        var m = new BtfBuilder(vmlinux);
        m.Struct("absent", 4, ("x", vmlinux.FindTypeId("int", BtfKind.Int), 0, 0));
        var module = m.Spec(vmlinux);
        var sX = _f.Record(_f.S, "0:0", CoreRelocationKind.FieldByteOffset);
        var absent = _f.Record(_f.Absent, "0", CoreRelocationKind.TypeExists);
        var nowhere = _f.Local.Struct("nowhere", 4, ("x", 1, 0, 0));
        var missing = _f.Record(nowhere, "0", CoreRelocationKind.TypeExists);
        var loads = 0;
        var relocator = new CoreRelocator(_f.Local.Spec(), vmlinux, () =>
        {
            loads++;
            return [module];
        });
        relocator.Resolve(sX);
        Assert.Equal(0, loads);
        Assert.Equal(1UL, relocator.Resolve(absent).NewValue);
        Assert.Equal(0UL, relocator.Resolve(missing).NewValue);
        Assert.Equal(1, loads);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":0")]
    [InlineData("0:")]
    [InlineData("0::1")]
    [InlineData("0:x")]
    [InlineData("0:99")]
    [InlineData("0:-1")]
    [InlineData("0:0:0")]
    [InlineData("99999999999")]
    public void MalformedAccessStringsAreErrors(string access)
    {
        var record = _f.Record(_f.S, access, CoreRelocationKind.FieldByteOffset);
        Assert.Throws<CoreRelocationException>(() => _f.Relocator().Resolve(record));
    }

    [Fact]
    public void TypeRelocationsNeedAccessStringZero()
    {
        var record = _f.Record(_f.S, "0:1", CoreRelocationKind.TypeExists);
        Assert.Throws<CoreRelocationException>(() => _f.Relocator().Resolve(record));
    }

    [Fact]
    public void AnonymousLocalTypesAreNotSupported()
    {
        var anonymous = _f.Local.Struct("", 4, ("x", _f.Local.Int("int", 4, BtfIntEncoding.Signed), 0, 0));
        var field = _f.Record(anonymous, "0:0", CoreRelocationKind.FieldByteOffset);
        var local = _f.Record(anonymous, "0", CoreRelocationKind.TypeIdLocal);
        var e = Assert.Throws<CoreRelocationException>(() => _f.Relocator().Resolve(field));
        Assert.Contains("anonymous", e.Message);
        // TYPE_ID_LOCAL needs no candidates, so it works.
        Assert.Equal((ulong)anonymous, _f.Relocator().Resolve(local).NewValue);
    }

    [Fact]
    public void ArrayAccessOnlySupportsOffsetAndSize()
    {
        var signed = _f.Record(_f.S, "0:2:1", CoreRelocationKind.FieldSigned);
        var outOfRange = _f.Record(_f.S, "0:2:9", CoreRelocationKind.FieldByteOffset);
        Assert.Throws<CoreRelocationException>(() => _f.Relocator().Resolve(signed));
        Assert.Throws<CoreRelocationException>(() => _f.Relocator().Resolve(outOfRange));
    }

    [Fact]
    public void FlexibleArrayIndexIsNotBounded()
    {
        var l = new BtfBuilder();
        var lInt = l.Int("int", 4, BtfIntEncoding.Signed);
        var lIndex = l.Int("__ARRAY_SIZE_TYPE__", 4);
        var flex = l.Struct("msg", 4, ("len", lInt, 0, 0), ("data", l.Array(lInt, 0, lIndex), 32, 0));
        var t = new BtfBuilder();
        var tInt = t.Int("int", 4, BtfIntEncoding.Signed);
        var tIndex = t.Int("__ARRAY_SIZE_TYPE__", 4);
        t.Struct("msg", 16, ("pad", t.Int("long", 8, BtfIntEncoding.Signed), 0, 0), ("len", tInt, 64, 0), ("data", t.Array(tInt, 0, tIndex), 96, 0));
        var record = new CoreRelocationRecord(0, (uint)flex, l.String("0:1:5"), CoreRelocationKind.FieldByteOffset);
        var result = new CoreRelocator(l.Spec(), t.Spec()).Resolve(record);
        Assert.Equal((24UL, 32UL), (result.OriginalValue, result.NewValue));
    }
}
