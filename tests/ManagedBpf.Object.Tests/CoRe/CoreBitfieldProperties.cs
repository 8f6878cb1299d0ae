using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Tests.Btf;

namespace ManagedBpf.Tests.CoRe;

/// <summary>
/// The bitfield recipe CO-RE computes (byte offset, byte size, left and right shift) must extract exactly the
/// field's bits, the way BPF_CORE_READ_BITFIELD applies it: load byte_size bytes at byte_offset, shift left,
/// then shift right (arithmetically when signed).
/// </summary>
public class CoreBitfieldProperties
{
    public record Bitfield(int StorageBytes, int BitOffset, int Bits, bool Signed, byte[] Memory);

    private static Arbitrary<Bitfield> Bitfields() =>
        (from storage in Gen.Elements(1, 2, 4, 8)
         from bits in Gen.Choose(1, storage * 8)
         from offset in Gen.Choose(0, 255)
         from signed in Gen.Elements(true, false)
         from memory in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 48)
         select new Bitfield(storage, offset, bits, signed, memory)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property RecipeExtractsTheBits() => Prop.ForAll(Bitfields(), f =>
    {
        var (local, target, records) = Build(f);
        var relocator = new CoreRelocator(local, target);
        CoreRelocationResult[] results;
        try
        {
            results = [.. records.Select(relocator.Resolve)];
        }
        catch (CoreRelocationException)
        {
            // libbpf gives up only when no naturally aligned 8-byte load covers the bits.
            return f.BitOffset / 64 != (f.BitOffset + f.Bits - 1) / 64;
        }

        var (byteOffset, byteSize, left, right, signed) = (results[0].NewValue, results[1].NewValue, (int)results[2].NewValue, (int)results[3].NewValue, results[4].NewValue);
        var window = f.Memory.AsSpan((int)byteOffset, (int)byteSize);
        var loaded = byteSize switch
        {
            1 => window[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(window),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(window),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(window),
        };
        var shifted = loaded << left;
        var value = signed == 1 ? (ulong)((long)shifted >> right) : shifted >> right;

        var expected = 0UL;
        for (var i = 0; i < f.Bits; i++)
        {
            var bit = f.BitOffset + i;
            expected |= (ulong)((f.Memory[bit / 8] >> (bit % 8)) & 1) << i;
        }

        if (f.Signed && f.Bits < 64 && (expected >> (f.Bits - 1) & 1) == 1)
            expected |= ulong.MaxValue << f.Bits;
        return value == expected && byteOffset % byteSize == 0 && signed == (f.Signed ? 1UL : 0UL);
    });

    private static (BtfSpec Local, BtfSpec Target, CoreRelocationRecord[] Records) Build(Bitfield f)
    {
        var names = new Dictionary<int, string> { [1] = "char", [2] = "short", [4] = "int", [8] = "long" };
        var encoding = f.Signed ? BtfIntEncoding.Signed : BtfIntEncoding.None;

        var local = new BtfBuilder();
        var localInt = local.Int(names[f.StorageBytes], (uint)f.StorageBytes, encoding);
        var localStruct = local.Struct("bits", 8, ("pad", localInt, 0, 0), ("f", localInt, 0, (uint)f.Bits));
        var access = local.String("0:1");
        CoreRelocationRecord Record(CoreRelocationKind kind) => new(0, (uint)localStruct, access, kind);

        var target = new BtfBuilder();
        var targetInt = target.Int(names[f.StorageBytes], (uint)f.StorageBytes, encoding);
        target.Struct("bits", 48, ("f", targetInt, (uint)f.BitOffset, (uint)f.Bits));
        return (local.Spec(), target.Spec(),
        [
            Record(CoreRelocationKind.FieldByteOffset), Record(CoreRelocationKind.FieldByteSize),
            Record(CoreRelocationKind.FieldLShiftU64), Record(CoreRelocationKind.FieldRShiftU64),
            Record(CoreRelocationKind.FieldSigned),
        ]);
    }
}
