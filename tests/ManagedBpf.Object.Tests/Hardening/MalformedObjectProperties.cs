using System.Buffers.Binary;
using System.Runtime.InteropServices;
using FsCheck;
using FsCheck.Fluent;
using ManagedBpf.Elf;
using Xunit;

namespace ManagedBpf.Tests.Hardening;

/// <summary>
/// Any mutation of our objects — bit flips, truncation, section headers that lie, BTF and .BTF.ext header fields
/// and counts at extremes, relocation entries pointing anywhere — makes <see cref="ObjectSpec.Parse"/> succeed or
/// throw <see cref="BpfFormatException"/>: never another exception, never a hang. 1,000 cases by default;
/// MANAGEDBPF_FUZZ_CASES=100000 runs the long mode.
/// </summary>
public class MalformedObjectProperties
{
    private static readonly TimeSpan PerCase = TimeSpan.FromSeconds(10);

    private static readonly uint[] Extremes = [0, 1, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff];

    private static readonly Lazy<Target[]> Targets = new(LoadTargets);

    [Fact]
    public void EveryMutationParsesOrIsAFormatError()
    {
        var cases = int.TryParse(Environment.GetEnvironmentVariable("MANAGEDBPF_FUZZ_CASES"), out var n) ? n : 1000;
        var mutations =
            from target in Gen.Elements(Targets.Value)
            from kind in Gen.Choose(0, 4)
            from position in Gen.Choose(0, int.MaxValue)
            from value in Gen.Elements(Extremes)
            from bits in Gen.Choose(1, 16)
            select new Mutation(target, kind, position, value, bits);
        Prop.ForAll(Arb.From(mutations), ParsesOrIsFormatError)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true));
    }

    private static bool ParsesOrIsFormatError(Mutation mutation)
    {
        var image = mutation.Apply();
        var parse = Task.Run(() =>
        {
            try
            {
                ObjectSpec.Parse(image, "fuzz");
                return null;
            }
            catch (BpfFormatException)
            {
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });
        if (!parse.Wait(PerCase))
            throw new TimeoutException($"{mutation}: the parser did not finish in {PerCase}");
        return parse.Result is null ? true : throw new InvalidOperationException($"{mutation}: {parse.Result.GetType().Name}", parse.Result);
    }

    /// <summary>An object and the byte ranges worth aiming at: headers, BTF, .BTF.ext and relocation tables.</summary>
    private sealed record Target(string Name, byte[] Image, (int Start, int Length)[] Regions);

    private sealed record Mutation(Target Target, int Kind, int Position, uint Value, int Bits)
    {
        public byte[] Apply()
        {
            var image = (byte[])Target.Image.Clone();
            var (start, length) = Target.Regions[Position % Target.Regions.Length];
            var at = start + (Position / Target.Regions.Length % Math.Max(1, length - 4));
            switch (Kind)
            {
                case 0:
                    // Bit flips anywhere in the file.
                    for (var i = 0; i < Bits; i++)
                    {
                        var bit = (int)((uint)(Position + (i * 7919)) % (uint)(image.Length * 8));
                        image[bit / 8] ^= (byte)(1 << (bit % 8));
                    }
                    return image;
                case 1:
                    return image[..(Position % image.Length)];
                case 2:
                    // A 32-bit field of a header, a count or an offset set to an extreme value.
                    BinaryPrimitives.WriteUInt32LittleEndian(image.AsSpan(at & ~3), Value);
                    return image;
                case 3:
                    // A 64-bit field (section header offsets and sizes, relocation offsets and infos).
                    BinaryPrimitives.WriteUInt64LittleEndian(image.AsSpan(at & ~7), Value | ((ulong)Value << 32));
                    return image;
                default:
                    image[at] = (byte)Value;
                    return image;
            }
        }

        public override string ToString() => $"{Target.Name}: mutation {Kind} at {Position} value 0x{Value:x} bits {Bits}";
    }

    private static Target[] LoadTargets()
    {
        var paths = Directory.EnumerateFiles(CorpusPaths(), "*.bpf.o").Append(TestObjects.PathOf("bootstrap.bpf.o"));
        return paths.Order(StringComparer.Ordinal).Select(path =>
        {
            var image = File.ReadAllBytes(path);
            var elf = ElfObject.Parse(image);
            var regions = new List<(int, int)> { (0, 64) };
            var headerTable = (int)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(0x28));
            regions.Add((headerTable, image.Length - headerTable));
            foreach (var section in elf.Sections.Where(s => s.Name is ".BTF" or ".BTF.ext" || s.Type == ElfSectionType.Relocations))
            {
                if (MemoryMarshal.TryGetArray(section.Contents, out var segment) && segment.Count > 8)
                    regions.Add((segment.Offset, segment.Count));
            }
            return new Target(Path.GetFileName(path), image, [.. regions]);
        }).ToArray();
    }

    private static string CorpusPaths() => Path.Combine(Repository.Root, "bpf", "testdata");
}
