using System.Buffers;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProcTracer.Lifecycle;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// The --json lines' string escaping: non-ASCII text as it is, controls and format characters (the bidi overrides a
/// "Trojan Source" command line uses) as JSON escapes, and, for any text, a JSON reader gets the very string back.
/// </summary>
public class JsonTextEncoderTests
{
    [Theory]
    [InlineData("/usr/bin/sleep", "/usr/bin/sleep")]
    [InlineData("été 日本", "été 日本")]                             // non-ASCII stays readable
    [InlineData("😀", "\\uD83D\\uDE00")]                          // ... in the BMP (System.Text.Json's encoders escape beyond it)
    [InlineData("a+b<c>&'d'", "a+b<c>&'d'")]                    // no HTML escaping in a log line
    [InlineData("q\"b\\", "q\\\"b\\\\")]
    [InlineData("\u001b[31m", "\\u001B[31m")]
    [InlineData("\u0085", "\\u0085")]                           // C1 control
    [InlineData("\u2028", "\\u2028")]                           // line separator
    [InlineData("ls \u202Etxt.exe", "ls \\u202Etxt.exe")]       // right-to-left override
    [InlineData("\u2066x\u2069\u200f\u200b\u00ad", "\\u2066x\\u2069\\u200F\\u200B\\u00AD")]
    [InlineData("tag\U000E0041", "tag\\uDB40\\uDC41")]           // a Cf character outside the BMP: its surrogates
    public void EscapesExactlyControlAndFormatCharacters(string value, string expected)
    {
        Assert.Equal($"\"{expected}\"", Utf8(value));
        Assert.Equal($"\"{expected}\"", Utf16(value));
    }

    [Property(MaxTest = 2000)]
    public Property NoControlOrFormatCharacterGetsThroughAndTheStringReadsBack() => Prop.ForAll(AnyText(), value =>
    {
        var json = Utf8(value);
        Assert.DoesNotContain(json.EnumerateRunes(), r => Rune.IsControl(r) || TerminalEscaperTests.Invisible(r));
        using var document = JsonDocument.Parse(json);
        Assert.Equal(value, document.RootElement.GetString());
        Assert.Equal(json, Utf16(value));
    });

    // Through the UTF-8 path JsonRecords uses (field values come as bytes).
    private static string Utf8(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonTextEncoder.Instance }))
            writer.WriteStringValue(Encoding.UTF8.GetBytes(value));
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Through the UTF-16 path (names and values that are strings).
    private static string Utf16(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonTextEncoder.Instance }))
            writer.WriteStringValue(value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static Arbitrary<string> AnyText()
    {
        var ascii = Gen.Choose(0, 0x7f);
        var format = Gen.Elements(0x00ad, 0x200b, 0x200e, 0x200f, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff, 0xe0041);
        return Gen.ListOf(Gen.Frequency((3, ascii), (1, format), (2, TerminalEscaperTests.Scalar())))
            .Select(scalars => string.Concat(scalars.Select(char.ConvertFromUtf32)))
            .ToArbitrary();
    }
}
