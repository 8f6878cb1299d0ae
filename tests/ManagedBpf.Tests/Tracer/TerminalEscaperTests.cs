using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ProcTracer.Text;
using Xunit;

namespace ManagedBpf.Tests.Tracer;

/// <summary>
/// The escaper between bytes anyone can choose (comm, an executable's file name) and the terminal: what passes,
/// what becomes <c>\xNN</c>, and, for any bytes at all, that nothing a terminal acts on gets through and that the
/// output reads back to the very input.
/// </summary>
public class TerminalEscaperTests
{
    /// <summary>Input as hex bytes ("1b 5b"), so any byte sequence, valid UTF-8 or not, fits the table.</summary>
    [Theory]
    [InlineData("", "")]
    [InlineData("62 61 73 68", "bash")]
    [InlineData("2f 75 73 72 2f 62 69 6e 2f 73 6c 65 65 70", "/usr/bin/sleep")]
    [InlineData("20 7e", " ~")]                                  // both ends of printable ASCII pass
    [InlineData("5c", @"\\")]                                   // a backslash is doubled ...
    [InlineData("5c 78 34 31", @"\\x41")]                       // ... so a literal "\x41" cannot pass for an escape
    [InlineData("00", @"\x00")]
    [InlineData("09 0a 0d", @"\x09\x0a\x0d")]
    [InlineData("1b 5b 33 31 6d 72 65 64", @"\x1b[31mred")]     // ESC of an SGR sequence, the rest is harmless text
    [InlineData("1b 5d 30 3b 70 77 6e 07", @"\x1b]0;pwn\x07")]  // OSC set-title, BEL-terminated
    [InlineData("1f", @"\x1f")]
    [InlineData("7f", @"\x7f")]                                 // DEL
    [InlineData("c3 a9 74 c3 a9", "été")]                       // two-byte UTF-8
    [InlineData("e6 97 a5 e6 9c ac", "日本")]                    // three-byte UTF-8
    [InlineData("f0 9f 98 80", "😀")]                            // four-byte UTF-8
    [InlineData("c2 a0", "\u00a0")]                             // U+00A0, the first code point after the C1 block
    [InlineData("c2 85", @"\xc2\x85")]                          // U+0085 NEL, a C1 control
    [InlineData("c2 9b 33 31 6d", @"\xc2\x9b31m")]              // U+009B CSI encoded as UTF-8
    [InlineData("9b 33 31 6d", @"\x9b31m")]                     // the raw 8-bit CSI byte
    [InlineData("80", @"\x80")]                                 // a lone continuation byte
    [InlineData("e2 82", @"\xe2\x82")]                          // a sequence cut short at the end
    [InlineData("e2 82 41", @"\xe2\x82A")]                      // ... and before ASCII, which still passes
    [InlineData("c0 af", @"\xc0\xaf")]                          // overlong "/"
    [InlineData("c0 80", @"\xc0\x80")]                          // overlong NUL
    [InlineData("ed a0 80", @"\xed\xa0\x80")]                   // a UTF-16 surrogate, not a scalar value
    [InlineData("f4 90 80 80", @"\xf4\x90\x80\x80")]            // above U+10FFFF
    [InlineData("fe ff", @"\xfe\xff")]
    [InlineData("e2 80 ae 74 78 74 2e 65 78 65", @"\xe2\x80\xaetxt.exe")]   // U+202E RIGHT-TO-LEFT OVERRIDE
    [InlineData("e2 80 aa e2 80 ab e2 80 ac e2 80 ad", @"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad")] // LRE RLE PDF LRO
    [InlineData("e2 81 a6 61 e2 81 a9", @"\xe2\x81\xa6a\xe2\x81\xa9")]    // LRI ... PDI, the isolates (U+2066-U+2069)
    [InlineData("e2 81 a7 e2 81 a8", @"\xe2\x81\xa7\xe2\x81\xa8")]        // RLI, FSI
    [InlineData("e2 80 8e e2 80 8f", @"\xe2\x80\x8e\xe2\x80\x8f")]        // LRM, RLM
    [InlineData("e2 80 8b ef bb bf", @"\xe2\x80\x8b\xef\xbb\xbf")]        // zero-width space, BOM: other Cf
    [InlineData("e2 80 a8 e2 80 a9", @"\xe2\x80\xa8\xe2\x80\xa9")]        // line and paragraph separators
    [InlineData("e2 80 93", "\u2013")]                                       // an en dash beside them passes
    public void EscapesExactlyWhatATerminalCouldActOn(string inputHex, string expected) =>
        Assert.Equal(expected, Escape(Convert.FromHexString(inputHex.Replace(" ", ""))));

    [Fact]
    public void TheBoundHoldsForTheWorstInput()
    {
        var controls = Enumerable.Repeat((byte)0x1b, 16).ToArray();
        var output = new byte[TerminalEscaper.MaxLength(controls.Length)];
        Assert.Equal(output.Length, TerminalEscaper.Escape(controls, output));
    }

    [Property(MaxTest = 2000)]
    public Property NothingATerminalActsOnGetsThrough() => Prop.ForAll(AnyBytes(), input =>
    {
        var output = EscapeBytes(input);
        var text = Encoding.UTF8.GetString(output);
        return (output.All(b => b is >= 0x20 and not 0x7f)
                && System.Text.Unicode.Utf8.IsValid(output)
                && text.EnumerateRunes().All(r => r.Value is < 0x80 or > 0x9f && !Invisible(r))
                && output.Length <= TerminalEscaper.MaxLength(input.Length))
            .Label($"{Convert.ToHexString(input)} -> {text}");
    });

    [Property(MaxTest = 2000)]
    public Property TheOutputReadsBackToTheInput() => Prop.ForAll(AnyBytes(), input =>
    {
        var output = EscapeBytes(input);
        return Unescape(output).AsSpan().SequenceEqual(input).Label($"{Convert.ToHexString(input)} -> {Encoding.UTF8.GetString(output)}");
    });

    [Property(MaxTest = 1000)]
    public Property PrintableAsciiAndValidUtf8PassUnchanged() => Prop.ForAll(PrintableText(), text =>
    {
        var input = Encoding.UTF8.GetBytes(text);
        return Escape(input).Equals(text, StringComparison.Ordinal).Label(text);
    });

    private static string Escape(byte[] input) => Encoding.UTF8.GetString(EscapeBytes(input));

    private static byte[] EscapeBytes(byte[] input)
    {
        var output = new byte[TerminalEscaper.MaxLength(input.Length)];
        return output[..TerminalEscaper.Escape(input, output)];
    }

    /// <summary>The inverse the escaper promises: <c>\\</c> is a backslash, <c>\xNN</c> a byte, anything else itself.</summary>
    private static byte[] Unescape(byte[] escaped)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < escaped.Length; i++)
        {
            if (escaped[i] != '\\')
                bytes.Add(escaped[i]);
            else if (escaped[i + 1] == '\\')
                bytes.Add(escaped[++i]);
            else
            {
                Assert.Equal((byte)'x', escaped[i + 1]);
                bytes.Add(Convert.FromHexString(Encoding.ASCII.GetString(escaped, i + 2, 2))[0]);
                i += 3;
            }
        }
        return [.. bytes];
    }

    /// <summary>
    /// Bytes built from pieces that reach every branch: any byte, printable ASCII and backslashes, whole UTF-8
    /// sequences of any scalar value (C1 controls and bidi controls included), and sequences cut short.
    /// </summary>
    private static Arbitrary<byte[]> AnyBytes()
    {
        var anyByte = Gen.Choose(0, 255).Select(b => new[] { (byte)b });
        var ascii = Gen.Choose(0x20, 0x7e).Select(b => new[] { (byte)b });
        var c1 = Gen.Choose(0x80, 0x9f).Select(Utf8Of);
        var sequence = Scalar().Select(Utf8Of);
        var truncated = Scalar().Where(c => c >= 0x800).Select(Utf8Of).SelectMany(s => Gen.Choose(1, s.Length - 1).Select(n => s[..n]));
        var bidi = Gen.Elements(0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff).Select(Utf8Of);
        var piece = Gen.Frequency((3, anyByte), (3, ascii), (1, c1), (1, bidi), (3, sequence), (1, truncated));
        return Gen.ListOf(piece).Select(pieces => pieces.SelectMany(p => p).ToArray()).ToArbitrary();
    }

    /// <summary>Text of printable ASCII (no backslash) and visible code points above U+009F.</summary>
    private static Arbitrary<string> PrintableText()
    {
        var ascii = Gen.Choose(0x20, 0x7e).Where(c => c != '\\');
        var other = Scalar().Where(c => c > 0x9f && !Invisible(new Rune(c)));
        return Gen.ListOf(Gen.Frequency((2, ascii), (1, other)))
            .Select(scalars => string.Concat(scalars.Select(char.ConvertFromUtf32)))
            .ToArbitrary();
    }

    /// <summary>A Unicode scalar value from U+0080 up: any code point but the surrogates.</summary>
    internal static Gen<int> Scalar() =>
        Gen.Frequency((2, Gen.Choose(0x80, 0x7ff)), (2, Gen.Choose(0x800, 0xffff)), (1, Gen.Choose(0x10000, 0x10ffff)))
            .Where(c => c is < 0xd800 or > 0xdfff);

    /// <summary>What a terminal lays out without showing: format characters (Cf) and the line and paragraph separators.</summary>
    internal static bool Invisible(Rune rune) => Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Format
        or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    private static byte[] Utf8Of(int scalar) => Encoding.UTF8.GetBytes(char.ConvertFromUtf32(scalar));
}
