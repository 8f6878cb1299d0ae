using ManagedBpf.Btf;
using ManagedBpf.Elf;
using ManagedBpf.Maps;
using ManagedBpf.Programs;

namespace ManagedBpf;

/// <summary>
/// The <c>.struct_ops</c> and <c>.struct_ops.link</c> sections, as libbpf's bpf_object__init_struct_ops_maps and
/// bpf_object__collect_st_ops_relos read them: each VAR of the section's DATASEC is a struct_ops map holding a named
/// kernel ops struct; each relocation of the section sets one function-pointer member to a struct_ops program. Maps
/// of <c>.struct_ops.link</c> (libbpf 1.2+) are created with BPF_F_LINK and registered through a bpf link.
/// </summary>
internal static class StructOpsReader
{
    public static readonly string[] Sections = [SectionNames.StructOps, SectionNames.StructOpsLink];

    /// <summary>One struct_ops map per variable; the programs they point to learn their ops struct and member.</summary>
    public static IEnumerable<MapSpec> Read(ElfObject elf, ElfSection section, BtfSpec? btf, IReadOnlyList<BpfFunction> functions,
        IReadOnlyDictionary<string, ProgramSpec> programs)
    {
        if (btf is null || btf.FindTypeId(section.Name, BtfKind.DataSection) is var datasecId && datasecId < 0)
            throw new BpfFormatException($"the object has a {section.Name} section but no {section.Name} DATASEC in its BTF", section.Name, 0);
        var variables = new List<(string Name, ulong Offset, int TypeId, BtfRawType Type)>();
        foreach (var secinfo in ((BtfDataSection)btf.GetType(datasecId)).Variables)
        {
            if (btf.GetType(secinfo.TypeId) is not BtfVariable variable)
                throw new BpfFormatException($"{section.Name} DATASEC entry [{secinfo.TypeId}] is not a VAR", section.Name, 0);
            var name = variable.Name;
            var type = btf.SkipModsAndTypedefs(variable.TypeId, out var typeId);
            var symbol = elf.Symbols.FirstOrDefault(s => s.SectionIndex == section.Index && s.Name == name)
                ?? throw new BpfFormatException($"struct_ops variable '{name}' has no symbol", section.Name, 0);
            if (type.Kind != BtfKind.Struct || type.NameOffset == 0)
                throw new BpfFormatException($"struct_ops variable '{name}' is not of a named struct type", section.Name, (long)symbol.Value);
            if (symbol.Value > (ulong)section.Contents.Length || type.SizeOrType > (ulong)section.Contents.Length - symbol.Value)
                throw new BpfFormatException($"struct_ops variable '{name}' lies beyond the end of the section", section.Name, (long)Math.Min(symbol.Value, long.MaxValue));
            CheckMembers(btf, name, type);
            variables.Add((name, symbol.Value, typeId, type));
        }

        var members = variables.ToDictionary(v => v.Name, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        foreach (var (relocation, symbol, table, at) in elf.RelocationsOf(section))
        {
            var variable = variables.FirstOrDefault(v => relocation.Offset >= v.Offset && relocation.Offset - v.Offset < v.Type.SizeOrType);
            if (variable.Name is null)
                throw new BpfFormatException($"relocation at {section.Name}+{relocation.Offset} lies in no struct_ops variable", table, at);
            var member = MemberAt(btf, variable.Type, (relocation.Offset - variable.Offset) * 8)
                ?? throw new BpfFormatException($"struct_ops '{variable.Name}': no member at byte {relocation.Offset - variable.Offset}", table, at);
            var program = ProgramAt(elf, symbol, functions, programs, table, at);
            if (program.Type != ProgramType.StructOps)
                throw new BpfFormatException($"struct_ops '{variable.Name}': member '{member}' points to program '{program.Name}', which is no struct_ops program", table, at);
            var target = (btf.GetString(variable.Type.NameOffset), member);
            // libbpf: one program may serve several variables, but only as the same member of the same struct.
            if (program.StructOpsMember is { } previous && previous != target)
                throw new BpfFormatException($"program '{program.Name}' is {previous.TypeName}.{previous.Member} and cannot also be {target.Item1}.{member}", table, at);
            program.StructOpsMember = target;
            members[variable.Name][member] = program.Name;
        }

        foreach (var (name, offset, typeId, type) in variables)
        {
            var data = section.Contents.Slice((int)offset, (int)type.SizeOrType).ToArray();
            var flags = section.Name.EndsWith(".link", StringComparison.Ordinal) ? MapFlags.Link : MapFlags.None;
            yield return new MapSpec(name, MapType.StructOps, 4, type.SizeOrType, 1, flags)
            {
                StructOps = new StructOpsSpec(btf.GetString(type.NameOffset), typeId, data, members[name]),
            };
        }
    }

    /// <summary>
    /// Every member lies whole, byte-aligned, inside the struct, as the kernel's btf_struct_check_member requires of
    /// BTF it loads: the member values are copied out of the variable's bytes by these offsets and sizes
    /// (KernelStructOps), long before the kernel would see this BTF.
    /// </summary>
    private static void CheckMembers(BtfSpec btf, string variable, BtfRawType type)
    {
        for (var i = 0; i < type.Vlen; i++)
        {
            // A bitfield is refused with its own message when the struct is laid out for the kernel.
            if (type.MemberBitfieldSize(i) != 0)
                continue;
            var (bitOffset, size) = (type.MemberBitOffset(i), btf.TryResolveSize(type.Member(i).TypeId));
            var problem = size < 0 ? "has no size"
                : bitOffset % 8 != 0 ? $"at bit {bitOffset} is not byte-aligned"
                : bitOffset / 8 > type.SizeOrType || size > type.SizeOrType - (bitOffset / 8) ? $"[{bitOffset / 8}, +{size}) lies outside the struct's {type.SizeOrType} bytes"
                : null;
            if (problem is not null)
            {
                throw new BpfFormatException($"struct_ops variable '{variable}': member '{btf.GetString(type.Member(i).NameOffset)}' of struct {btf.GetString(type.NameOffset)} {problem}",
                    SectionNames.Btf, type.TrailerOffset + (i * BtfWire.MemberSize) + 8);
            }
        }
    }

    /// <summary>The name of the member at <paramref name="bitOffset"/>, which must hold a function pointer.</summary>
    private static string? MemberAt(BtfSpec btf, BtfRawType type, ulong bitOffset)
    {
        for (var i = 0; i < type.Vlen; i++)
        {
            if (type.MemberBitOffset(i) != bitOffset)
                continue;
            var memberType = btf.SkipModsAndTypedefs(type.Member(i).TypeId, out _);
            var pointee = memberType.Kind == BtfKind.Pointer ? btf.SkipModsAndTypedefs((int)memberType.SizeOrType, out _) : default;
            return pointee.Kind == BtfKind.FunctionProto ? btf.GetString(type.Member(i).NameOffset) : null;
        }
        return null;
    }

    /// <summary>libbpf find_prog_by_sec_insn: the entry program starting at the symbol's instruction.</summary>
    private static ProgramSpec ProgramAt(ElfObject elf, ElfSymbol symbol, IReadOnlyList<BpfFunction> functions,
        IReadOnlyDictionary<string, ProgramSpec> programs, string table, long at)
    {
        var section = symbol.SectionIndex > 0 && symbol.SectionIndex < elf.Sections.Count ? elf.Sections[symbol.SectionIndex].Name : null;
        var function = functions.FirstOrDefault(f => f.SectionName == section && (ulong)f.SectionStart * 8 == symbol.Value);
        return function is not null && programs.TryGetValue(function.Name, out var program)
            ? program
            : throw new BpfFormatException($"relocation to '{symbol.Name}' names no program", table, at);
    }
}
