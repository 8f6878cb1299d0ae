namespace ManagedBpf.CodeGen.Types;

/// <summary>
/// The bytes a bitfield's property reads and writes: a 1-, 2-, 4-, 8- or 16-byte little-endian integer that holds
/// every bit of the field and lies inside the struct. The first choice is the aligned unit of the bitfield's
/// declared type, where a C compiler for BPF or x86-64 puts it (so <c>unsigned a : 1, b : 2</c> share one
/// <c>uint</c>); a packed struct may place a field across such units, and then the smallest integer that starts at
/// the field's first byte (or ends at the struct's last) serves.
/// </summary>
/// <param name="ByteOffset">Where the integer starts in the struct.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Shift">The field's lowest bit within it.</param>
internal readonly record struct BitfieldWindow(int ByteOffset, int Size, int Shift)
{
    /// <summary>Bits in the integer.</summary>
    public int Bits => Size * 8;

    /// <summary>The window for a field of <paramref name="width"/> bits at <paramref name="bitOffset"/>, whose
    /// declared type has <paramref name="declaredSize"/> bytes, in a struct of <paramref name="structSize"/> bytes; null
    /// when no integer fits (a field spread over more than 16 bytes, or a struct smaller than the integer).</summary>
    public static BitfieldWindow? For(long bitOffset, uint width, long declaredSize, long structSize)
    {
        var first = bitOffset / 8;
        var end = (bitOffset + width + 7) / 8;
        if (declaredSize is 1 or 2 or 4 or 8 or 16)
        {
            var start = first / declaredSize * declaredSize;
            if (start + declaredSize >= end && start + declaredSize <= structSize)
                return new BitfieldWindow((int)start, (int)declaredSize, (int)(bitOffset - (start * 8)));
        }

        foreach (var size in new[] { 1, 2, 4, 8, 16 })
        {
            if (size < end - first)
                continue;
            var start = Math.Min(first, structSize - size);
            if (start < 0)
                return null;
            return new BitfieldWindow((int)start, size, (int)(bitOffset - (start * 8)));
        }

        return null;
    }
}
