using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace ManagedBpf.Tests.Hardening;

/// <summary>What a mutation does to the region it aims at.</summary>
internal enum MutationKind
{
    /// <summary>Flips <c>Bits</c> bits spread over the region.</summary>
    BitFlips,

    /// <summary>Cuts the file at a point of the region.</summary>
    Truncation,

    /// <summary>Sets a 32-bit field (a header field, a count, an offset, a type id) to an extreme value.</summary>
    Extreme32,

    /// <summary>Sets a 64-bit field (section header offsets and sizes, relocation offsets and infos) to an extreme value.</summary>
    Extreme64,

    /// <summary>Adds -8..8 to a 32-bit field: the off-by-a-little that slips past a check of "too big".</summary>
    Nudge32,

    /// <summary>Sets one byte (a kind, a vlen, a name's character).</summary>
    Byte,
}

/// <summary>
/// One mutation of one object, reproducible from what <see cref="ToString"/> prints. The hardening properties run
/// <see cref="Cases"/> of them (1,000; MANAGEDBPF_FUZZ_CASES sets the long mode's count, `just fuzz`).
/// </summary>
internal sealed record ObjectMutation(Target Target, MutationKind Kind, int Position, uint Value, int Bits)
{
    private static readonly uint[] Extremes = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff];

    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("MANAGEDBPF_FUZZ_CASES"), out var n) ? n : 1000;

    public static Gen<ObjectMutation> Generator =>
        from target in Gen.Elements(MutationTargets.Objects.ToArray())
        from kind in Gen.Elements(Enum.GetValues<MutationKind>())
        from position in Gen.Choose(0, int.MaxValue)
        from value in Gen.Elements(Extremes)
        from bits in Gen.Choose(1, 16)
        select new ObjectMutation(target, kind, position, value, bits);

    /// <summary>Checks <paramref name="holds"/> for <see cref="Cases"/> mutations; FsCheck reports the first that fails.</summary>
    public static void Check(Func<ObjectMutation, bool> holds) =>
        Prop.ForAll(Arb.From(Generator), holds).Check(Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true));

    /// <summary>
    /// Runs <paramref name="run"/> on the mutated image on a worker thread: true when it returns or throws what
    /// <paramref name="expected"/> accepts; any other exception, or no end within <paramref name="perCase"/>, fails the
    /// case with this mutation named.
    /// </summary>
    public bool EndsWell(TimeSpan perCase, Func<Exception, bool> expected, Action<byte[]> run)
    {
        var image = Apply();
        var outcome = Task.Run(() =>
        {
            try
            {
                run(image);
                return null;
            }
            catch (Exception e) when (expected(e))
            {
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        if (!outcome.Wait(perCase))
            throw new TimeoutException($"{this}: no end in {perCase}");
        return outcome.Result is null ? true : throw new InvalidOperationException($"{this}: {outcome.Result.GetType().Name}: {outcome.Result.Message}", outcome.Result);
    }

    public Region Region => Target.Regions[Position % Target.Regions.Length];

    /// <summary>The byte of the region the mutation aims at.</summary>
    private int At => Region.Start + (Position / Target.Regions.Length % Math.Max(1, Region.Length));

    public byte[] Apply()
    {
        var image = (byte[])Target.Image.Clone();
        // Fields are aligned in every region aimed at (headers, tables, BTF); the last word of the file still fits.
        var word = Math.Min(At & ~3, image.Length - 4);
        switch (Kind)
        {
            case MutationKind.BitFlips:
                for (var i = 0; i < Bits; i++)
                {
                    var bit = (Region.Start * 8L) + ((uint)(Position + (i * 7919)) % (Region.Length * 8L));
                    image[bit / 8] ^= (byte)(1 << (int)(bit % 8));
                }
                return image;
            case MutationKind.Truncation:
                return image[..At];
            case MutationKind.Extreme32:
                BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(word), Value);
                return image;
            case MutationKind.Extreme64:
                BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(Math.Min(At & ~7, image.Length - 8)), Value | ((ulong)Value << 32));
                return image;
            case MutationKind.Nudge32:
                var delta = Bits <= 8 ? Bits - 9 : Bits - 8;
                BinaryPrimitives.WriteInt32LittleEndian(image.AsSpan(word), BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(word)) + delta);
                return image;
            default:
                image[At] = (byte)Value;
                return image;
        }
    }

    public override string ToString() =>
        $"{Target.Name}: {Kind} in '{Region.Name}' (position {Position}, value 0x{Value:x}, bits {Bits}) at byte {At}";
}
