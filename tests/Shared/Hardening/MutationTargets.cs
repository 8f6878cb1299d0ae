using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ManagedBpf.Btf;
using ManagedBpf.Elf;

namespace ManagedBpf.Tests.Hardening;

/// <summary>A named byte range of an object that some reader of the loader interprets.</summary>
internal sealed record Region(string Name, int Start, int Length);

/// <summary>An object to mutate and the regions worth aiming at.</summary>
internal sealed record Target(string Name, byte[] Image, Region[] Regions);

/// <summary>
/// Every BPF object of the repository (bpf/ and all its folders, and the regression objects of earlier finds under
/// tests/Shared/regressions), each with the regions the loader reads today: the ELF header and section headers,
/// every section (programs, relocation tables, .symtab, .maps, .struct_ops, .struct_ops.link, global data, .BTF,
/// .BTF.ext), the three info blocks of .BTF.ext (func_info, line_info, CO-RE records), and in .BTF every DATASEC
/// (.maps, .kconfig, .ksyms, .struct_ops ...), each variable it lists and the types that variable is built of (a map
/// definition's <c>__uint</c> arrays, a struct_ops struct and its members).
/// </summary>
internal static class MutationTargets
{
    /// <summary>How deep a DATASEC variable's type is followed (VAR → STRUCT → PTR → ARRAY is three steps).</summary>
    private const int TypeDepth = 4;

    private static readonly Lazy<Target[]> All = new(Load);

    public static IReadOnlyList<Target> Objects => All.Value;

    private static Target[] Load()
    {
        var objects = Directory.EnumerateFiles(Path.Combine(Repository.Root, "bpf"), "*.o", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Regressions.Directory, "*.o"));
        return objects.Order(StringComparer.Ordinal).Select(path =>
        {
            var image = File.ReadAllBytes(path);
            return new Target(Path.GetRelativePath(Repository.Root, path), image, [.. RegionsOf(image)]);
        }).ToArray();
    }

    private static IEnumerable<Region> RegionsOf(byte[] image)
    {
        yield return new Region("ELF header", 0, 64);
        var headers = (int)BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(0x28));
        yield return new Region("section headers", headers, BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(0x3c)) * 64);
        var elf = ElfObject.Parse(image);
        foreach (var section in elf.Sections)
        {
            if (!MemoryMarshal.TryGetArray(section.Contents, out var contents) || contents.Count == 0)
                continue;
            yield return new Region(section.Name, contents.Offset, contents.Count);
            if (section.Name == SectionNames.BtfExt)
            {
                foreach (var block in BtfExtBlocks(image, contents.Offset))
                    yield return block;
            }
            if (section.Name == SectionNames.Btf)
            {
                foreach (var type in DataSectionTypes(image, contents.Offset, BtfSpec.Parse(section.Contents)))
                    yield return type;
            }
        }
    }

    /// <summary>func_info, line_info and CO-RE relocations, each an (offset, length) pair after the header.</summary>
    private static IEnumerable<Region> BtfExtBlocks(byte[] image, int start)
    {
        int Word(int at) => BinaryPrimitives.ReadInt32LittleEndian(image.AsSpan(start + at));
        var headerLength = Word(4);
        string[] names = [".BTF.ext func_info", ".BTF.ext line_info", ".BTF.ext CO-RE relocations"];
        for (var i = 0; i < names.Length && 8 + (i * 8) + 8 <= headerLength; i++)
        {
            var offset = Word(8 + (i * 8));
            var length = Word(12 + (i * 8));
            if (length > 0)
                yield return new Region(names[i], start + headerLength + offset, length);
        }
    }

    /// <summary>Each DATASEC type, the variables it lists and the types they are made of, as byte ranges of the file.</summary>
    private static IEnumerable<Region> DataSectionTypes(byte[] image, int btfStart, BtfSpec btf)
    {
        var ranges = TypeRanges(btf, image.AsSpan(btfStart));
        for (var id = 1; id < btf.TypeCount; id++)
        {
            if (btf.GetType(id) is not BtfDataSection datasec)
                continue;
            var seen = new HashSet<int>();
            var pending = new Queue<(int Id, int Depth)>([(id, 0)]);
            while (pending.TryDequeue(out var next))
            {
                if (next.Id <= 0 || next.Depth > TypeDepth || !seen.Add(next.Id))
                    continue;
                var (offset, length) = ranges[next.Id];
                var raw = btf.Raw(next.Id);
                yield return new Region($".BTF [{next.Id}] {raw.Kind} of DATASEC {datasec.Name}", btfStart + offset, length);
                foreach (var referenced in References(raw))
                    pending.Enqueue((referenced, next.Depth + 1));
            }
        }
    }

    /// <summary>The types a type names: members, the pointee, the element, the variables of a DATASEC.</summary>
    private static IEnumerable<int> References(BtfRawType raw)
    {
        switch (raw.Kind)
        {
            case BtfKind.Struct or BtfKind.Union:
                return Enumerable.Range(0, raw.Vlen).Select(i => raw.Member(i).TypeId).ToList();
            case BtfKind.DataSection:
                return Enumerable.Range(0, raw.Vlen).Select(i => raw.SectionVariable(i).TypeId).ToList();
            case BtfKind.Array:
                return [raw.Array.ElementId];
            case BtfKind.Pointer or BtfKind.Typedef or BtfKind.Const or BtfKind.Volatile or BtfKind.Variable or BtfKind.Function:
                return [(int)raw.SizeOrType];
            default:
                return [];
        }
    }

    /// <summary>The (offset, length) of every type in the blob, by id; the last ends where the header says the types do.</summary>
    private static (int Offset, int Length)[] TypeRanges(BtfSpec btf, ReadOnlySpan<byte> blob)
    {
        var ranges = new (int, int)[btf.TypeCount];
        var typesEnd = BinaryPrimitives.ReadInt32LittleEndian(blob[4..]) + BinaryPrimitives.ReadInt32LittleEndian(blob[8..]) +
            BinaryPrimitives.ReadInt32LittleEndian(blob[12..]);
        var types = btf.EnumerateOwn();
        var previous = 0;
        while (types.MoveNext())
        {
            if (types.Id > 1)
                ranges[types.Id - 1] = (previous, types.Offset - previous);
            previous = types.Offset;
        }
        ranges[btf.TypeCount - 1] = (previous, typesEnd - previous);
        return ranges;
    }
}
