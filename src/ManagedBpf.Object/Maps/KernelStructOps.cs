using ManagedBpf.Btf;

namespace ManagedBpf.Maps;

/// <summary>
/// A struct_ops variable laid out for the running kernel, as libbpf's bpf_map__init_kern_struct_ops does. The map's
/// value is the kernel's wrapper struct <c>bpf_struct_ops_NAME</c> (a refcount and state, then the ops struct
/// itself as member <c>data</c>); members are matched by name, so the object's struct may order or omit them as it
/// likes. Plain members are copied from the object's data (their sizes must agree); function pointers are filled
/// with program fds at registration, and each program is loaded with the kernel struct's id as attach_btf_id and the
/// member's index in it as expected attach type.
/// </summary>
/// <param name="KernelTypeId">The ops struct in the kernel's BTF: the attach_btf_id of its programs.</param>
/// <param name="ValueTypeId">The wrapper struct in the kernel's BTF: the map's btf_vmlinux_value_type_id.</param>
/// <param name="Value">The map value without program fds (those are known only once the programs are loaded).</param>
/// <param name="MemberIndex">Index of the kernel member each program implements, by program name.</param>
/// <param name="FunctionSlots">Byte offsets in <paramref name="Value"/> that take a program's fd.</param>
internal sealed record KernelStructOps(int KernelTypeId, int ValueTypeId, byte[] Value, IReadOnlyDictionary<string, int> MemberIndex,
    IReadOnlyList<(int Offset, string Program)> FunctionSlots)
{
    private const string ValuePrefix = "bpf_struct_ops_";

    /// <exception cref="BpfException">The kernel has no such ops struct, or a member the object sets does not match the kernel's.</exception>
    public static KernelStructOps Resolve(string mapName, StructOpsSpec spec, BtfSpec local, BtfSpec kernel)
    {
        var kernelTypeId = kernel.FindTypeId(spec.TypeName, BtfKind.Struct);
        var valueTypeId = kernel.FindTypeId(ValuePrefix + spec.TypeName, BtfKind.Struct);
        if (kernelTypeId <= 0 || valueTypeId <= 0)
            throw new BpfException($"struct_ops '{mapName}': the kernel has no struct {spec.TypeName} with a struct {ValuePrefix}{spec.TypeName} (is it a kernel that offers this struct_ops?)");
        var wrapper = kernel.Raw(valueTypeId);
        var dataMember = Enumerable.Range(0, wrapper.Vlen).FirstOrDefault(i => wrapper.Member(i).TypeId == kernelTypeId, -1);
        if (dataMember < 0)
            throw new BpfException($"struct_ops '{mapName}': struct {ValuePrefix}{spec.TypeName} does not hold a struct {spec.TypeName}");
        var dataOffset = (int)(wrapper.MemberBitOffset(dataMember) / 8);
        var value = new byte[wrapper.SizeOrType];
        var memberIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = new List<(int, string)>();

        var localType = local.Raw(spec.LocalTypeId);
        var kernelType = kernel.Raw(kernelTypeId);
        for (var i = 0; i < localType.Vlen; i++)
        {
            var name = local.GetString(localType.Member(i).NameOffset);
            var k = FindMember(kernel, kernelType, name)
                ?? throw new BpfException($"struct_ops '{mapName}': the kernel's struct {spec.TypeName} has no member '{name}'");
            if (localType.MemberBitfieldSize(i) != 0 || kernelType.MemberBitfieldSize(k) != 0)
                throw new BpfException($"struct_ops '{mapName}': member '{name}' is a bitfield, which struct_ops cannot set");
            var localMember = local.SkipModsAndTypedefs(localType.Member(i).TypeId, out var localMemberId);
            var kernelMember = kernel.SkipModsAndTypedefs(kernelType.Member(k).TypeId, out var kernelMemberId);
            if (localMember.Kind != kernelMember.Kind)
                throw new BpfException($"struct_ops '{mapName}': member '{name}' is a {localMember.Kind} here and a {kernelMember.Kind} in the kernel");
            var localOffset = (int)(localType.MemberBitOffset(i) / 8);
            var kernelOffset = dataOffset + (int)(kernelType.MemberBitOffset(k) / 8);
            if (localMember.Kind == BtfKind.Pointer)
            {
                if (!spec.Programs.TryGetValue(name, out var program))
                    continue;
                if (kernel.SkipModsAndTypedefs((int)kernelMember.SizeOrType, out _).Kind != BtfKind.FunctionProto)
                    throw new BpfException($"struct_ops '{mapName}': the kernel's member '{name}' is no function pointer");
                memberIndex[program] = k;
                slots.Add((kernelOffset, program));
                continue;
            }
            var size = local.TryResolveSize(localMemberId);
            if (size < 0 || size != kernel.TryResolveSize(kernelMemberId))
                throw new BpfException($"struct_ops '{mapName}': member '{name}' is {size} bytes here and {kernel.TryResolveSize(kernelMemberId)} in the kernel");
            spec.Data.AsSpan(localOffset, (int)size).CopyTo(value.AsSpan(kernelOffset));
        }
        return new KernelStructOps(kernelTypeId, valueTypeId, value, memberIndex, slots);
    }

    private static int? FindMember(BtfSpec btf, BtfRawType type, string name)
    {
        for (var i = 0; i < type.Vlen; i++)
        {
            if (btf.GetString(type.Member(i).NameOffset) == name)
                return i;
        }
        return null;
    }
}
