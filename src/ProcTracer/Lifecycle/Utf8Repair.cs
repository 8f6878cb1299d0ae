using System.Buffers;
using System.Text;

namespace ProcTracer.Lifecycle;

/// <summary>Makes bytes valid UTF-8 the way a decoder does: each maximal invalid subsequence becomes U+FFFD.</summary>
internal static class Utf8Repair
{
    /// <summary>Writes the repaired bytes (at most three per input byte) to <paramref name="output"/>; returns their length.</summary>
    public static int Replace(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var length = 0;
        while (!input.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(input, out _, out var consumed);
            if (status == OperationStatus.Done)
                input[..consumed].CopyTo(output[length..]);
            else
                "\uFFFD"u8.CopyTo(output[length..]);
            length += status == OperationStatus.Done ? consumed : 3;
            input = input[consumed..];
        }
        return length;
    }
}
