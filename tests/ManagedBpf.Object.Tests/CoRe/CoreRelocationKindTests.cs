using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using Xunit;

namespace ManagedBpf.Tests.CoRe;

/// <summary>Each CO-RE relocation kind against the synthetic local/target pair in <see cref="CoreFixture"/>.</summary>
public class CoreRelocationKindTests
{
    private readonly CoreFixture _f = new();

    private CoreRelocationResult Resolve(int type, string access, CoreRelocationKind kind)
    {
        var record = _f.Record(type, access, kind);
        return _f.Relocator().Resolve(record);
    }

    [Theory]
    [InlineData("0:0", 0UL, 16UL, "s.x")]
    [InlineData("0:1:1", 8UL, 32UL, "s.in.b")]
    [InlineData("0:2:2", 20UL, 48UL, "s.arr[2]")]
    [InlineData("0:4:1", 32UL, 80UL, "s.u2")]
    [InlineData("0:7", 48UL, 8UL, "s.ptr")]
    [InlineData("1:0", 64UL, 128UL, "s[1].x")]
    public void FieldByteOffset(string access, ulong local, ulong target, string path)
    {
        var result = Resolve(_f.S, access, CoreRelocationKind.FieldByteOffset);
        Assert.False(result.Poisoned);
        Assert.Equal(local, result.OriginalValue);
        Assert.Equal(target, result.NewValue);
        Assert.Equal(path, result.LocalAccessPath);
        Assert.Equal(_f.TargetS, result.TargetTypeId);
    }

    [Fact]
    public void FieldByteOffsetThroughTypedefRoot()
    {
        // Candidates for a typedef root are typedefs of the same name; the path then follows the typedef.
        var result = Resolve(_f.STypedef, "0:0", CoreRelocationKind.FieldByteOffset);
        Assert.Equal(16UL, result.NewValue);
    }

    [Theory]
    [InlineData("0:0", 4UL, 4UL)]
    [InlineData("0:2", 16UL, 32UL)]
    [InlineData("0:2:1", 4UL, 4UL)]
    [InlineData("0:8", 4UL, 8UL)]
    [InlineData("0:3", 4UL, 4UL)]
    [InlineData("0:11", 4UL, 8UL)]
    public void FieldByteSize(string access, ulong local, ulong target)
    {
        var result = Resolve(_f.S, access, CoreRelocationKind.FieldByteSize);
        Assert.Equal((local, target), (result.OriginalValue, result.NewValue));
    }

    [Fact]
    public void FieldExists()
    {
        Assert.Equal((1UL, 1UL), Values(Resolve(_f.S, "0:1:0", CoreRelocationKind.FieldExists)));
        var gone = Resolve(_f.S, "0:6", CoreRelocationKind.FieldExists);
        Assert.False(gone.Poisoned);
        Assert.Equal((1UL, 0UL), Values(gone));
        Assert.Equal(0, gone.TargetTypeId);
    }

    [Fact]
    public void MissingFieldPoisonsByteOffset()
    {
        var result = Resolve(_f.S, "0:6", CoreRelocationKind.FieldByteOffset);
        Assert.True(result.Poisoned);
        Assert.Contains("poisoned", result.Description);
    }

    [Theory]
    [InlineData("0:0", 1UL, 1UL)]
    [InlineData("0:8", 0UL, 0UL)]
    [InlineData("0:5", 0UL, 1UL)]
    [InlineData("0:7", 0UL, 0UL)]
    public void FieldSigned(string access, ulong local, ulong target) =>
        Assert.Equal((local, target), Values(Resolve(_f.S, access, CoreRelocationKind.FieldSigned)));

    [Theory]
    [InlineData("0:3", CoreRelocationKind.FieldByteOffset, 28UL, 72UL)]
    [InlineData("0:3", CoreRelocationKind.FieldLShiftU64, 61UL, 37UL)]
    [InlineData("0:3", CoreRelocationKind.FieldRShiftU64, 61UL, 61UL)]
    [InlineData("0:10", CoreRelocationKind.FieldLShiftU64, 56UL, 32UL)]
    [InlineData("0:10", CoreRelocationKind.FieldRShiftU64, 59UL, 59UL)]
    [InlineData("0:11", CoreRelocationKind.FieldByteOffset, 28UL, 72UL)]
    [InlineData("0:11", CoreRelocationKind.FieldLShiftU64, 51UL, 29UL)]
    public void Bitfields(string access, CoreRelocationKind kind, ulong local, ulong target)
    {
        // bf3 spans bits 606..611 in the target: a 4-byte load at 72 cannot cover it, so it widens to 8 bytes.
        var result = Resolve(_f.S, access, kind);
        Assert.Equal((local, target), Values(result));
        // Bitfield values are computed, not compared against the compiler's, except the right shift.
        Assert.Equal(kind == CoreRelocationKind.FieldRShiftU64, result.Validate);
    }

    [Fact]
    public void TypeKinds()
    {
        Assert.Equal(((ulong)_f.S, (ulong)_f.S), Values(Resolve(_f.S, "0", CoreRelocationKind.TypeIdLocal)));
        var target = Resolve(_f.S, "0", CoreRelocationKind.TypeIdTarget);
        Assert.Equal(((ulong)_f.S, (ulong)_f.TargetS), Values(target));
        Assert.False(target.Validate);
        Assert.Equal((1UL, 1UL), Values(Resolve(_f.S, "0", CoreRelocationKind.TypeExists)));
        Assert.Equal((1UL, 0UL), Values(Resolve(_f.Absent, "0", CoreRelocationKind.TypeExists)));
        Assert.Equal((64UL, 112UL), Values(Resolve(_f.S, "0", CoreRelocationKind.TypeSize)));
        Assert.Equal((64UL, 112UL), Values(Resolve(_f.STypedef, "0", CoreRelocationKind.TypeSize)));
        Assert.Equal((4UL, 0UL), Values(Resolve(_f.Absent, "0", CoreRelocationKind.TypeSize)));
    }

    [Fact]
    public void TypeMatches()
    {
        // inner {a, b} matches inner {pad, b, a}: every local member exists with a matching type.
        Assert.Equal((1UL, 1UL), Values(Resolve(_f.Inner, "0", CoreRelocationKind.TypeMatches)));
        // s has "gone", which the target lacks.
        Assert.Equal((1UL, 0UL), Values(Resolve(_f.S, "0", CoreRelocationKind.TypeMatches)));
        // TYPE_EXISTS is the looser relation: s still exists.
        Assert.Equal((1UL, 1UL), Values(Resolve(_f.S, "0", CoreRelocationKind.TypeExists)));
    }

    [Fact]
    public void EnumValues()
    {
        Assert.Equal((1UL, 1UL), Values(Resolve(_f.Enum, "0", CoreRelocationKind.EnumValueExists)));
        Assert.Equal((1UL, 0UL), Values(Resolve(_f.Enum, "2", CoreRelocationKind.EnumValueExists)));
        // A 32-bit enumerator value is an __s32 and sign-extends (libbpf bpf_core_calc_enumval_relo).
        Assert.Equal((1UL, ulong.MaxValue), Values(Resolve(_f.Enum, "0", CoreRelocationKind.EnumValue)));
        Assert.Equal((2UL, 20UL), Values(Resolve(_f.Enum, "1", CoreRelocationKind.EnumValue)));
        Assert.True(Resolve(_f.Enum, "2", CoreRelocationKind.EnumValue).Poisoned);
        Assert.Equal((0x1_0000_0005UL, 0x2_0000_0007UL), Values(Resolve(_f.Big, "0", CoreRelocationKind.EnumValue)));
        Assert.Equal("e::E_A", Resolve(_f.Enum, "0", CoreRelocationKind.EnumValue).LocalAccessPath);
    }

    [Fact]
    public void FlavorSuffixIsIgnored()
    {
        var result = Resolve(_f.Flavored, "0:0", CoreRelocationKind.FieldByteOffset);
        Assert.Equal((0UL, 16UL), Values(result));
        Assert.Equal(_f.TargetS, result.TargetTypeId);
    }

    [Fact]
    public void MemorySizeChanges()
    {
        // unsigned int -> unsigned long: a wider load is value-preserving.
        var u = Resolve(_f.S, "0:8", CoreRelocationKind.FieldByteOffset);
        Assert.Equal((4u, 8u, false), (u.OriginalSize, u.NewSize, u.FailMemorySizeAdjust));
        // int -> long: a wider load of a signed value is not.
        var sgn = Resolve(_f.S, "0:9", CoreRelocationKind.FieldByteOffset);
        Assert.True(sgn.FailMemorySizeAdjust);
        Assert.False(sgn.Poisoned);
    }

    private static (ulong, ulong) Values(CoreRelocationResult r) => (r.OriginalValue, r.NewValue);
}
