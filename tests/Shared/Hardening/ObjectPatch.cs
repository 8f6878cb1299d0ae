using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ManagedBpf.Btf;
using ManagedBpf.Elf;

namespace ManagedBpf.Tests.Hardening;

/// <summary>One word of an object changed on purpose, as a mutation the fuzzer found changed it: for regression tests.</summary>
internal static class ObjectPatch
{
    /// <summary>The object with the 32-bit word at <paramref name="offsetInBtf"/> (found through its parsed BTF) of its .BTF set to <paramref name="value"/>.</summary>
    public static byte[] BtfWord(byte[] image, Func<BtfSpec, int> offsetInBtf, uint value)
    {
        var section = ElfObject.Parse(image).FindSection(SectionNames.Btf) ?? throw new ArgumentException("the object has no .BTF", nameof(image));
        var start = MemoryMarshal.TryGetArray(section.Contents, out var contents) ? contents.Offset : throw new ArgumentException("no array", nameof(image));
        var patched = (byte[])image.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(patched.AsSpan(start + offsetInBtf(BtfSpec.Parse(section.Contents))), value);
        return patched;
    }
}
