using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Tests.Btf;

namespace ManagedBpf.Tests.CoRe;

/// <summary>
/// For random struct layouts (member kinds, order, padding, members hidden in anonymous structs/unions in the
/// target), FIELD_BYTE_OFFSET and FIELD_BYTE_SIZE resolve to exactly where the generator put the member.
/// </summary>
public class CoreLayoutProperties
{
    /// <summary>Member kinds: int, char, long, pointer, int[3], nested struct.</summary>
    private static readonly uint[] Sizes = [4, 1, 8, 8, 12, 8];

    public record Layout(int[] Kinds, int[] Gaps, int[] TargetOrder, int[] Wrap, int Pick);

    private static Arbitrary<Layout> Layouts() =>
        (from count in Gen.Choose(1, 16)
         from kinds in Gen.ArrayOf(Gen.Choose(0, Sizes.Length - 1), count)
         from gaps in Gen.ArrayOf(Gen.Choose(0, 24), count)
         from order in Gen.Shuffle(Enumerable.Range(0, count))
         from wrap in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2))), count)
         from pick in Gen.Choose(0, count - 1)
         select new Layout(kinds, gaps, order, wrap, pick)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property FieldOffsetsFollowTheTargetLayout() => Prop.ForAll(Layouts(), layout =>
    {
        var local = new BtfBuilder();
        var localTypes = Types(local);
        var localOffset = 0u;
        var localMembers = new List<(string, int, uint, uint)>();
        for (var i = 0; i < layout.Kinds.Length; i++)
        {
            localMembers.Add(($"m{i}", localTypes[layout.Kinds[i]], localOffset * 8, 0));
            localOffset += Sizes[layout.Kinds[i]];
        }

        var localStruct = local.Struct("rnd", localOffset, [.. localMembers]);

        var target = new BtfBuilder();
        var targetTypes = Types(target);
        var expected = new uint[layout.Kinds.Length];
        var targetMembers = new List<(string, int, uint, uint)>();
        var offset = 0u;
        foreach (var i in layout.TargetOrder)
        {
            offset += (uint)layout.Gaps[i];
            var size = Sizes[layout.Kinds[i]];
            if (layout.Wrap[i] == 0)
            {
                targetMembers.Add(($"m{i}", targetTypes[layout.Kinds[i]], offset * 8, 0));
                expected[i] = offset;
            }
            else
            {
                // Hidden one level down: struct { char pad[4]; T m; } or union { long other; T m; }.
                var isStruct = layout.Wrap[i] == 1;
                var inner = isStruct ? 4u : 0u;
                var filler = isStruct ? target.Array(targetTypes[1], 4, targetTypes[0]) : targetTypes[2];
                var wrapper = isStruct
                    ? target.Struct("", 4 + size, ("pad", filler, 0, 0), ($"m{i}", targetTypes[layout.Kinds[i]], 32, 0))
                    : target.Union("", Math.Max(8, size), ("other", filler, 0, 0), ($"m{i}", targetTypes[layout.Kinds[i]], 0, 0));
                targetMembers.Add(("", wrapper, offset * 8, 0));
                expected[i] = offset + inner;
                size += inner;
            }

            offset += size;
        }

        var targetStruct = target.Struct("rnd", offset, [.. targetMembers]);

        var pick = layout.Pick;
        var access = local.String($"0:{pick}");
        var relocator = new CoreRelocator(local.Spec(), target.Spec());
        var byteOffset = relocator.Resolve(new CoreRelocationRecord(0, (uint)localStruct, access, CoreRelocationKind.FieldByteOffset));
        var byteSize = relocator.Resolve(new CoreRelocationRecord(8, (uint)localStruct, access, CoreRelocationKind.FieldByteSize));
        var localExpected = localMembers[pick].Item3 / 8;
        return !byteOffset.Poisoned
            && byteOffset.TargetTypeId == targetStruct
            && byteOffset.OriginalValue == localExpected
            && byteOffset.NewValue == expected[pick]
            && byteSize.NewValue == Sizes[layout.Kinds[pick]];
    });

    /// <summary>The same six member types in any builder; index matches <see cref="Sizes"/>.</summary>
    private static int[] Types(BtfBuilder b)
    {
        var i = b.Int("int", 4, BtfIntEncoding.Signed);
        var c = b.Int("char", 1, BtfIntEncoding.Signed | BtfIntEncoding.Char);
        var l = b.Int("long", 8, BtfIntEncoding.Signed);
        var p = b.Pointer(c);
        var a = b.Array(i, 3, i);
        var s = b.Struct("pair", 8, ("a", i, 0, 0), ("b", i, 32, 0));
        return [i, c, l, p, a, s];
    }
}
