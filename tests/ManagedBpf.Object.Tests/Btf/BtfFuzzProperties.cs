using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;

namespace ManagedBpf.Tests.Btf;

/// <summary>
/// Malformed input never escapes as anything but our exceptions: every byte mutation or truncation of real
/// .BTF/.BTF.ext sections either parses or throws <see cref="BpfFormatException"/>, and whatever parses can be
/// decoded, resolved and CO-RE-relocated without IndexOutOfRange, overflow or a hang.
/// </summary>
public class BtfFuzzProperties
{
    private static readonly TestElf Elf = TestElf.Bootstrap();
    private static readonly byte[] Btf = Elf.Section(".BTF").ToArray();
    private static readonly byte[] BtfExtBytes = Elf.Section(".BTF.ext").ToArray();
    private static readonly BtfSpec Original = BtfSpec.Parse(Btf);

    public record Mutation(int[] Positions, byte[] Values, int Truncate, bool HeaderOnly);

    private static Arbitrary<Mutation> Mutations(int length) =>
        (from count in Gen.Choose(1, 8)
         from positions in Gen.ArrayOf(Gen.Choose(0, length - 1), count)
         from values in Gen.ArrayOf(Gen.Elements<byte>(0, 1, 2, 0x7f, 0x80, 0xff, 0x10, 0x13, 0x14, 0x20, 0x84, 0x85), count)
         from truncate in Gen.Frequency((3, Gen.Constant(length)), (1, Gen.Choose(0, length)))
         from headerOnly in Gen.Elements(true, false, false, false)
         select new Mutation(positions, values, truncate, headerOnly)).ToArbitrary();

    private static byte[] Apply(byte[] source, Mutation m)
    {
        var bytes = source.ToArray();
        for (var i = 0; i < m.Positions.Length; i++)
        {
            // Header-only mutations aim at the 24/32-byte headers, where offsets and lengths live.
            var position = m.HeaderOnly ? m.Positions[i] % Math.Min(32, bytes.Length) : m.Positions[i];
            bytes[position] = m.Values[i];
        }

        return bytes[..Math.Min(m.Truncate, bytes.Length)];
    }

    [Property(MaxTest = 1000)]
    public Property MutatedBtfParsesOrThrowsFormatError() => Prop.ForAll(Mutations(Btf.Length), m =>
    {
        var bytes = Apply(Btf, m);
        BtfSpec spec;
        try
        {
            spec = BtfSpec.Parse(bytes);
        }
        catch (BpfFormatException)
        {
            return true;
        }

        Exercise(spec);
        return true;
    });

    [Property(MaxTest = 1000)]
    public Property MutatedBtfExtParsesOrThrowsFormatError() => Prop.ForAll(Mutations(BtfExtBytes.Length), m =>
    {
        var bytes = Apply(BtfExtBytes, m);
        BtfExt ext;
        try
        {
            ext = BtfExt.Parse(bytes, Original);
        }
        catch (BpfFormatException)
        {
            return true;
        }

        // Records may now point anywhere: relocating them must still fail only in our exception types.
        var relocator = new CoreRelocator(Original, Original);
        foreach (var record in ext.CoreRelocations.Values.SelectMany(r => r))
            Tolerate(() => relocator.Resolve(record));
        return true;
    });

    /// <summary>Decodes everything a loader would touch; only BpfException subtypes may come out.</summary>
    private static void Exercise(BtfSpec spec)
    {
        for (var id = 0; id < spec.TypeCount; id++)
        {
            Tolerate(() => spec.GetType(id).ToString());
            Tolerate(() => spec.ResolveType(id));
            Tolerate(() => spec.SizeOf(id));
        }

        Tolerate(() => spec.FindTypeIdsByName("task_struct").ToList());
        Tolerate(() => BtfExt.Parse(BtfExtBytes, spec));
        Tolerate(() => BtfFixups.FixDataSections(spec, Elf.SectionSize, (_, n) => Elf.VariableOffset(n)));
        Tolerate(() =>
        {
            // The mutated blob as the object's BTF, relocated against the intact one, and the other way round.
            var ext = BtfExt.Parse(BtfExtBytes, Original);
            foreach (var record in ext.CoreRelocations.Values.SelectMany(r => r))
            {
                Tolerate(() => new CoreRelocator(spec, Original).Resolve(record));
                Tolerate(() => new CoreRelocator(Original, spec).Resolve(record));
            }
        });
    }

    private static void Tolerate(Action action)
    {
        try
        {
            action();
        }
        catch (BpfException)
        {
        }
    }

    private static void Tolerate<T>(Func<T> action) => Tolerate(() => { _ = action(); });
}
