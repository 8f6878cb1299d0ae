namespace ProcTracer.Lifecycle;

/// <summary>The NUL-terminated strings that follow a record, read one after another.</summary>
internal static class Strings
{
    /// <summary>The next string (without its NUL), advancing <paramref name="rest"/> past it; the rest if unterminated.</summary>
    public static ReadOnlySpan<byte> Next(scoped ref ReadOnlySpan<byte> rest)
    {
        var end = rest.IndexOf((byte)0);
        var next = end >= 0 ? rest[..end] : rest;
        rest = end >= 0 ? rest[(end + 1)..] : [];
        return next;
    }

    /// <summary>
    /// Joins <paramref name="count"/> path components given leaf first (as the BPF walk meets them) into an absolute
    /// path, root first, in <paramref name="destination"/>; "/" for none. Advances <paramref name="rest"/> past them.
    /// </summary>
    public static ReadOnlySpan<byte> JoinPath(scoped ref ReadOnlySpan<byte> rest, int count, Span<byte> destination)
    {
        if (count == 0)
        {
            destination[0] = (byte)'/';
            return destination[..1];
        }
        var start = rest;
        var length = 0;
        for (var i = 0; i < count; i++)
            length += Next(ref rest).Length + 1;
        // Each component goes before the ones already placed, since the walk went from the leaf up.
        var position = length;
        for (var i = 0; i < count; i++)
        {
            var part = Next(ref start);
            position -= part.Length;
            part.CopyTo(destination[position..]);
            destination[--position] = (byte)'/';
        }
        return destination[..length];
    }
}
