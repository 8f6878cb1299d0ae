using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Kernel;
using ManagedBpf.Tests.Btf;
using Xunit;

namespace ManagedBpf.Tests.CoRe;

/// <summary>
/// Large-scale cross-check on the running kernel: for a sample of vmlinux structs, a local struct declaring every
/// named field (including those the kernel hides in anonymous structs/unions) with a compatible type must relocate
/// each field to the offset a plain walk of the decoded type model finds.
/// </summary>
public class KernelLayoutCrossCheckTests
{
    [KernelFact]
    public void SampledKernelStructsRelocateToTheirMemberOffsets()
    {
        var kernel = KernelBtf.LoadVmlinux();
        var local = new BtfBuilder();
        var localInt = local.Int("int", 4, BtfIntEncoding.Signed);
        var cases = new List<(int LocalStruct, string Member, int Index, int TargetStruct)>();
        var sampled = 0;
        for (var id = 1; id < kernel.TypeCount && sampled < 400; id += 17)
        {
            if (kernel.GetType(id) is not BtfComposite { Kind: BtfKind.Struct, Name.Length: > 0 } target)
                continue;
            if (kernel.FindTypeIdsByName(target.Name).Count(c => kernel.GetType(c).Kind == BtfKind.Struct) != 1)
                continue; // several layouts under one name would be (correctly) ambiguous

            var members = new List<(string, int, uint, uint)>();
            foreach (var (name, typeId) in NamedMembers(kernel, target))
            {
                if (Compatible(kernel, local, localInt, typeId, depth: 0) is { } localType)
                    members.Add((name, localType, (uint)members.Count * 64, 0));
            }

            if (members.Count == 0)
                continue;
            var localStruct = local.Struct(target.Name, (uint)members.Count * 8, [.. members]);
            for (var i = 0; i < members.Count; i++)
                cases.Add((localStruct, members[i].Item1, i, id));
            sampled++;
        }

        var records = cases.Select(c => new CoreRelocationRecord(0, (uint)c.LocalStruct, local.String($"0:{c.Index}"), CoreRelocationKind.FieldByteOffset)).ToList();
        var relocator = new CoreRelocator(local.Spec(), kernel);
        Assert.True(sampled > 100, $"only {sampled} structs sampled");
        for (var i = 0; i < cases.Count; i++)
        {
            var result = relocator.Resolve(records[i]);
            var expected = KernelRelocationTests.FindMemberBitOffset(kernel, cases[i].TargetStruct, cases[i].Member)!.Value / 8;
            Assert.False(result.Poisoned, result.Description);
            Assert.True((ulong)expected == result.NewValue, result.Description);
            Assert.Equal(cases[i].TargetStruct, result.TargetTypeId);
        }
    }

    /// <summary>Named, non-bitfield members, looking through anonymous members the way C name lookup does.</summary>
    private static IEnumerable<(string Name, int TypeId)> NamedMembers(BtfSpec spec, BtfComposite composite)
    {
        foreach (var member in composite.Members)
        {
            if (member.Name.Length > 0)
            {
                if (member.BitfieldSize == 0)
                    yield return (member.Name, member.TypeId);
            }
            else if (spec.GetType(spec.ResolveType(member.TypeId)) is BtfComposite inner)
            {
                foreach (var nested in NamedMembers(spec, inner))
                    yield return nested;
            }
        }
    }

    /// <summary>A local type that libbpf's bpf_core_fields_are_compat accepts for the kernel's <paramref name="typeId"/>.</summary>
    private static int? Compatible(BtfSpec kernel, BtfBuilder local, int localInt, int typeId, int depth)
    {
        var t = kernel.GetType(kernel.ResolveType(typeId));
        return t switch
        {
            BtfInt { BitOffset: 0 } => localInt,
            BtfPointer => local.Pointer(0),
            BtfComposite => local.Struct("any", 0),
            BtfEnum => local.Enum("", 4, false), // an anonymous enum matches any enum
            BtfFloat f => local.Float(f.Name, f.Size),
            BtfArray a when depth < 4 && Compatible(kernel, local, localInt, a.ElementId, depth + 1) is { } element =>
                local.Array(element, a.Count, localInt),
            _ => null,
        };
    }
}
