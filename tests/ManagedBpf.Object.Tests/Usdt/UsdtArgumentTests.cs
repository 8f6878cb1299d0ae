using System.Buffers.Binary;
using System.Text;
using ManagedBpf.Binaries;
using ManagedBpf.Usdt;
using Xunit;

namespace ManagedBpf.Tests.Usdt;

/// <summary>USDT argument specs of x86_64 and arm64, read as libbpf's parse_usdt_arg reads them, and the map value they become.</summary>
public class UsdtArgumentTests
{
    public static TheoryData<string, UsdtArgument> X64 => new()
    {
        { "-4@%edi", new(UsdtArgumentKind.Register, 0, 112, 0, 0, true, 32) },
        { "8@%rdx", new(UsdtArgumentKind.Register, 0, 96, 0, 0, false, 0) },
        { "-2@%cx", new(UsdtArgumentKind.Register, 0, 88, 0, 0, true, 48) },
        { "-1@%sil", new(UsdtArgumentKind.Register, 0, 104, 0, 0, true, 56) },
        { "8@%r10", new(UsdtArgumentKind.Register, 0, 56, 0, 0, false, 0) },
        { "-4@%r14d", new(UsdtArgumentKind.Register, 0, 8, 0, 0, true, 32) },
        { "-4@$5", new(UsdtArgumentKind.Constant, 5, 0, 0, 0, true, 32) },
        { "-4@$-9", new(UsdtArgumentKind.Constant, -9, 0, 0, 0, true, 32) },
        { "-4@-1204(%rbp)", new(UsdtArgumentKind.RegisterDeref, -1204, 32, 0, 0, true, 32) },
        { "8@(%rsp)", new(UsdtArgumentKind.RegisterDeref, 0, 152, 0, 0, false, 0) },
        { "1@-96(%rbp,%rax,8)", new(UsdtArgumentKind.ScaledIndex, -96, 32, 80, 3, false, 56) },
        { "1@(%rbp,%rax)", new(UsdtArgumentKind.ScaledIndex, 0, 32, 80, 0, false, 56) },
    };

    [Theory]
    [MemberData(nameof(X64))]
    public void ReadsX64Operands(string text, UsdtArgument expected) => Assert.Equal(expected, UsdtArgument.Parse(text, ElfBinary.MachineX64));

    [Theory]
    [InlineData("-4@[sp, 96]", UsdtArgumentKind.RegisterDeref, 96, 248)]
    [InlineData("8@[x1]", UsdtArgumentKind.RegisterDeref, 0, 8)]
    [InlineData("-8@x4", UsdtArgumentKind.Register, 0, 32)]
    [InlineData("4@5", UsdtArgumentKind.Constant, 5, 0)]
    [InlineData("-4@-7", UsdtArgumentKind.Constant, -7, 0)]
    public void ReadsArm64Operands(string text, UsdtArgumentKind kind, long offset, short register)
    {
        var argument = UsdtArgument.Parse(text, ElfBinary.MachineArm64);
        Assert.Equal((kind, offset, register), (argument.Kind, argument.ValueOffset, argument.RegisterOffset));
    }

    [Fact]
    public void SplitsASpecAtBlanksOutsideBrackets()
    {
        Assert.Equal(3, UsdtArgument.ParseAll("-4@[sp, 96] 8@x1 4@5", ElfBinary.MachineArm64).Count);
        Assert.Equal(12, UsdtArgument.ParseAll("-4@-1204(%rbp) -4@%edi -8@-1216(%rbp) -8@%r8 -4@$5 -8@%r9 8@%rdx 8@%r10 -4@$-9 -2@%cx -2@%ax -1@%sil",
            ElfBinary.MachineX64).Count);
        Assert.Empty(UsdtArgument.ParseAll("", ElfBinary.MachineX64));
    }

    [Theory]
    [InlineData("3@%eax")]
    [InlineData("4@%xmm0")]
    [InlineData("4@weird")]
    [InlineData("@%eax")]
    [InlineData("4@(%rax,%rbx,3)")]
    public void RefusesWhatLibbpfRefuses(string text) => Assert.Throws<BpfException>(() => UsdtArgument.Parse(text, ElfBinary.MachineX64));

    [Fact]
    public void ThirteenArgumentsAreTooMany() =>
        Assert.Throws<BpfException>(() => UsdtArgument.ParseAll(string.Join(' ', Enumerable.Repeat("4@$1", 13)), ElfBinary.MachineX64));

    [Fact]
    public void TheSpecIsLaidOutAsUsdtBpfHDeclaresIt()
    {
        var arguments = UsdtArgument.ParseAll("-4@-20(%rbp) 8@%rax 1@-96(%rbp,%rax,8)", ElfBinary.MachineX64);
        var value = UsdtSpecEncoding.Encode(arguments, cookie: 0x1122334455667788);

        Assert.Equal(208, value.Length);
        Assert.Equal(-20, BinaryPrimitives.ReadInt64LittleEndian(value));
        Assert.Equal((byte)UsdtArgumentKind.RegisterDeref, value[8]);
        Assert.Equal(32, BinaryPrimitives.ReadInt16LittleEndian(value.AsSpan(12)));
        Assert.Equal((1, 32), (value[14], value[15]));
        Assert.Equal((byte)UsdtArgumentKind.Register, value[16 + 8]);
        Assert.Equal(80, BinaryPrimitives.ReadInt16LittleEndian(value.AsSpan(16 + 12)));
        // arg_type 8 bits, idx_reg_off 12 bits, scale_bitshift 4 bits
        Assert.Equal(3u | 80u << 8 | 3u << 20, BinaryPrimitives.ReadUInt32LittleEndian(value.AsSpan(32 + 8)));
        Assert.Equal(0x1122334455667788ul, BinaryPrimitives.ReadUInt64LittleEndian(value.AsSpan(192)));
        Assert.Equal(3, BinaryPrimitives.ReadInt16LittleEndian(value.AsSpan(200)));
    }

    [Fact]
    public void ANoteGivesAddressesAndStrings()
    {
        var descriptor = new byte[24].Concat(Encoding.ASCII.GetBytes("mbpf_test\0tick\0-4@%r14d -8@%rax\0")).ToArray();
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor, 0x111d);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor.AsSpan(8), 0x203e);
        BinaryPrimitives.WriteUInt64LittleEndian(descriptor.AsSpan(16), 0x4038);

        Assert.Equal(new UsdtNote("mbpf_test", "tick", 0x111d, 0x203e, 0x4038, "-4@%r14d -8@%rax"), UsdtNote.Parse(descriptor, "x"));
    }

    [Theory]
    [InlineData("p\0")]
    [InlineData("p\0\0\0")]
    [InlineData("p\0n")]
    public void AMalformedNoteIsAFormatError(string strings) =>
        Assert.Throws<BpfFormatException>(() => UsdtNote.Parse(new byte[24].Concat(Encoding.ASCII.GetBytes(strings)).ToArray(), "x"));
}
