using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace ManagedBpf.Tests.CTypes;

/// <summary>
/// Text in C <c>char</c> arrays, as generated structs read and write it: up to the first NUL, written with a NUL
/// and zero padding, never half a UTF-8 character.
/// </summary>
public class CStringTests
{
    [Theory]
    [InlineData(new byte[] { (byte)'l', (byte)'s', 0, (byte)'x' }, "ls")]
    [InlineData(new byte[] { (byte)'b', (byte)'a', (byte)'s', (byte)'h' }, "bash")]
    [InlineData(new byte[] { 0, (byte)'x' }, "")]
    [InlineData(new byte[] { 0xc3, 0xa9, 0xff, 0 }, "é\uFFFD")]
    public void ReadStopsAtTheFirstNul(byte[] chars, string text) => Assert.Equal(text, CString.Read(chars));

    [Theory]
    [InlineData("ls", 6, new byte[] { (byte)'l', (byte)'s', 0, 0, 0, 0 })]
    [InlineData("bash", 4, new byte[] { (byte)'b', (byte)'a', (byte)'s', 0 })]
    [InlineData("aé", 3, new byte[] { (byte)'a', 0, 0 })]
    [InlineData("aé", 4, new byte[] { (byte)'a', 0xc3, 0xa9, 0 })]
    [InlineData("x", 0, new byte[0])]
    public void WriteCutsBeforeACharacterThatDoesNotFitAndPadsWithNul(string text, int size, byte[] expected)
    {
        var chars = Enumerable.Repeat((byte)0xee, size).ToArray();

        CString.Write(text, chars);

        Assert.Equal(expected, chars);
    }

    /// <summary>What reads back is the longest whole-character prefix of the text that fits before the NUL (lone
    /// surrogates are written as U+FFFD, as UTF-8 encoders do), and the last byte is always a NUL.</summary>
    [Property]
    public Property WhatIsWrittenReadsBackAsTheLongestPrefixThatFits(NonNull<string> value, byte room)
    {
        var text = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(value.Get.Replace("\0", "", StringComparison.Ordinal)));
        var chars = new byte[room];

        CString.Write(text, chars);

        var read = CString.Read(chars);
        var rest = text[read.Length..];
        var longest = rest.Length == 0 || Encoding.UTF8.GetByteCount(read) + Rune.GetRuneAt(rest, 0).Utf8SequenceLength > room - 1;
        var fits = Encoding.UTF8.GetByteCount(read) <= Math.Max(0, room - 1);
        return (text.StartsWith(read, StringComparison.Ordinal) && fits && longest && (room == 0 || chars[^1] == 0)).ToProperty();
    }
}
