using System.Buffers.Binary;
using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ManagedBpf.Externs;
using Xunit;

namespace ManagedBpf.Tests.Externs;

/// <summary>libbpf's conversions of kernel config values into kconfig externs (set_kcfg_value_tri/_str/_num).</summary>
public class KconfigValuesTests
{
    private static ExternSpec Kconfig(string name, KconfigType type, int size, bool signed = false, int offset = 0) => new()
    {
        Name = name,
        Kind = ExternKind.Kconfig,
        IsWeak = false,
        BtfId = 1,
        KconfigType = type,
        Size = size,
        Alignment = Math.Min(size, 8),
        IsSigned = signed,
        Offset = offset,
    };

    private static KconfigValues Values(params ExternSpec[] externs) => new(externs, _ => { });

    [Fact]
    public void YNAndMBecomeBoolTristateAndCharValues()
    {
        var values = Values(
            Kconfig("CONFIG_A", KconfigType.Bool, 1, offset: 0),
            Kconfig("CONFIG_B", KconfigType.Tristate, 4, offset: 4),
            Kconfig("CONFIG_C", KconfigType.Tristate, 4, offset: 8),
            Kconfig("CONFIG_D", KconfigType.Char, 1, offset: 12),
            Kconfig("CONFIG_E", KconfigType.Bool, 1, offset: 13));

        values.ApplyConfigLine("CONFIG_A=y");
        values.ApplyConfigLine("CONFIG_B=m");
        values.ApplyConfigLine("CONFIG_C=y");
        values.ApplyConfigLine("CONFIG_D=m");
        values.ApplyConfigLine("CONFIG_E=n");

        Assert.Equal(1, values.Bytes[0]);
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(values.Bytes.AsSpan(4)));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(values.Bytes.AsSpan(8)));
        Assert.Equal((byte)'m', values.Bytes[12]);
        Assert.Equal(0, values.Bytes[13]);
        Assert.Empty(values.Unset);
    }

    [Fact]
    public void StringsLoseTheirQuotesAndAreCutToFitWithTheirNul()
    {
        var values = Values(Kconfig("CONFIG_S", KconfigType.CharArray, 4), Kconfig("CONFIG_T", KconfigType.CharArray, 8, offset: 4));

        values.ApplyConfigLine("CONFIG_S=\"-fc-v782\"");
        values.ApplyConfigLine("CONFIG_T=\"ab\"");

        Assert.Equal("-fc\0ab\0\0\0\0\0\0"u8.ToArray(), values.Bytes);
    }

    [Fact]
    public void NumbersAreReadAsStrtoullReadsThem()
    {
        var values = Values(
            Kconfig("CONFIG_DEC", KconfigType.Int, 4, offset: 0),
            Kconfig("CONFIG_HEX", KconfigType.Int, 8, offset: 8),
            Kconfig("CONFIG_OCT", KconfigType.Int, 2, offset: 16),
            Kconfig("CONFIG_NEG", KconfigType.Int, 4, signed: true, offset: 20));

        values.ApplyConfigLine("CONFIG_DEC=250");
        values.ApplyConfigLine("CONFIG_HEX=0xffffffffff");
        values.ApplyConfigLine("CONFIG_OCT=0755");
        values.ApplyConfigLine("CONFIG_NEG=-3");

        Assert.Equal(250u, BinaryPrimitives.ReadUInt32LittleEndian(values.Bytes));
        Assert.Equal(0xff_ffff_ffffUL, BinaryPrimitives.ReadUInt64LittleEndian(values.Bytes.AsSpan(8)));
        Assert.Equal(0x1ed, BinaryPrimitives.ReadUInt16LittleEndian(values.Bytes.AsSpan(16)));
        Assert.Equal(-3, BinaryPrimitives.ReadInt32LittleEndian(values.Bytes.AsSpan(20)));
    }

    [Fact]
    public void TheFirstValueGivenWinsAndOtherLinesAreIgnored()
    {
        var values = Values(Kconfig("CONFIG_HZ", KconfigType.Int, 4));

        values.ApplyConfigLine("# CONFIG_HZ is not set");
        values.ApplyConfigLine("CONFIG_OTHER=garbage that is never parsed");
        values.ApplyConfigLine("CONFIG_HZ=1000");
        values.ApplyConfigLine("CONFIG_HZ=250");

        Assert.Equal(1000u, BinaryPrimitives.ReadUInt32LittleEndian(values.Bytes));
        Assert.True(values.IsSet("CONFIG_HZ"));
    }

    [Theory]
    [InlineData(KconfigType.Int, "CONFIG_X=y", "implies a bool, tristate or char type")]
    [InlineData(KconfigType.Bool, "CONFIG_X=m", "implies a tristate or char type")]
    [InlineData(KconfigType.Bool, "CONFIG_X=1", "implies an integer type")]
    [InlineData(KconfigType.Int, "CONFIG_X=\"text\"", "implies a char array type")]
    [InlineData(KconfigType.Int, "CONFIG_X=12abc", "is not a valid integer")]
    [InlineData(KconfigType.Int, "CONFIG_X=70000", "does not fit in 2 bytes")]
    [InlineData(KconfigType.Int, "CONFIG_X=", "no value")]
    [InlineData(KconfigType.Int, "CONFIG_X", "no '='")]
    public void AValueItsTypeCannotHoldIsAnErrorNamingTheExtern(KconfigType type, string line, string message)
    {
        var values = Values(Kconfig("CONFIG_X", type, type == KconfigType.Int ? 2 : 1));

        var error = Assert.Throws<BpfException>(() => values.ApplyConfigLine(line));

        Assert.Contains(message, error.Message);
    }

    [Property(MaxTest = 1000)]
    public Property ANumberIsAcceptedExactlyWhenItFitsTheSizeAndSignedness(long number, bool signed, byte sizeChoice)
    {
        var size = 1 << (sizeChoice % 4);
        var values = Values(Kconfig("CONFIG_N", KconfigType.Int, size, signed));
        var bits = size * 8;
        var asUnsigned = unchecked((ulong)number);
        // libbpf stores the 64-bit value; it fits when the extern's size loses nothing of it.
        var fits = size == 8
            || (signed ? new BigInteger(number) >= -(BigInteger.One << (bits - 1)) && new BigInteger(number) < BigInteger.One << (bits - 1)
                       : asUnsigned < 1UL << bits);

        var accepted = Record.Exception(() => values.SetNumber(values.Unset.Single(), asUnsigned)) is null;

        return (accepted == fits).Label($"{number} in {size} bytes, signed={signed}: accepted={accepted}, fits={fits}");
    }

    [Property(MaxTest = 1000)]
    public Property DecimalHexAndOctalSpellingsReadBackTheSameNumber(ulong number)
    {
        var spellings = new[] { number.ToString(), $"0x{number:x}", $"0X{number:X}", number == 0 ? "0" : "0" + Octal(number) };
        return spellings.All(s => KconfigValues.TryParseUnsigned(s, out var parsed) && parsed == number).Label(string.Join(", ", spellings));
    }

    private static string Octal(ulong value)
    {
        var digits = new List<char>();
        for (; value > 0; value >>= 3)
            digits.Insert(0, (char)('0' + (int)(value & 7)));
        return new string([.. digits]);
    }
}
