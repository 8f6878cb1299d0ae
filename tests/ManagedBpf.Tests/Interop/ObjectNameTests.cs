using ManagedBpf.Interop;
using Xunit;

namespace ManagedBpf.Tests.Interop;

public class ObjectNameTests
{
    [Theory]
    [InlineData("counter", "counter")]
    [InlineData(".rodata", ".rodata")]
    [InlineData("handle-exec", "handle_exec")]
    [InlineData("a_very_long_program_name", "a_very_long_pro")]
    [InlineData("", "")]
    public void SanitizesLikeTheKernelRequires(string name, string expected)
    {
        Span<byte> field = stackalloc byte[ObjectName.Capacity];
        ObjectName.Encode(name, field);
        Assert.Equal(expected, ObjectName.Decode(field));
    }

    [Fact]
    public void EncodingIsNulTerminatedWithin16Bytes()
    {
        Span<byte> field = stackalloc byte[ObjectName.Capacity];
        field.Fill(0xff);
        ObjectName.Encode("0123456789abcdefgh", field);
        Assert.Equal(0, field[15]);
        Assert.Equal("0123456789abcde", ObjectName.Decode(field));
    }
}
