using ManagedBpf.Btf;
using ManagedBpf.CodeGen.Naming;
using ManagedBpf.CodeGen.Types;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>A member of a struct or union with what it becomes in C#.</summary>
/// <param name="C">The member as C names it, at its offset in the outermost type.</param>
/// <param name="Shape">Its C# type.</param>
/// <param name="Bytes">Its type's size (for a bitfield, the declared type's).</param>
internal sealed record PlannedMember(LayoutMember C, TypeShape Shape, long Bytes)
{
    /// <summary>The field or property.</summary>
    public string Name { get; set; } = "";

    /// <summary>The string property of a <c>char</c> array, or null.</summary>
    public string? TextName { get; set; }

    /// <summary>The nested type its shape needs, or null.</summary>
    public string? NestedName { get; set; }

    /// <summary>For a bitfield: the integer its property reads and writes; null when none fits.</summary>
    public BitfieldWindow? Window { get; set; }

    /// <summary>False for a member without bytes of its own (a flexible array), which gets no field.</summary>
    public bool IsKept => C.IsBitfield || Bytes > 0;
}

/// <summary>
/// The members of one generated struct, named: C members take precedence over the string properties of
/// <c>char</c> arrays (<c>CommString</c>), and those over nested types (<c>CommArray</c>), each group named by
/// <see cref="NameScope"/> after the one before.
/// </summary>
internal sealed class StructPlan
{
    private StructPlan(IReadOnlyList<PlannedMember> members) => Members = members;

    /// <summary>Every member in declaration order, those without bytes (<see cref="PlannedMember.IsKept"/>) included.</summary>
    public IReadOnlyList<PlannedMember> Members { get; }

    public static StructPlan Of(EmitContext context, string typeName, BtfComposite composite)
    {
        var members = CompositeLayout.Flatten(context.Btf, composite)
            .Select(m => new PlannedMember(m, context.Shapes.Of(m.TypeId), context.SizeOf(m.TypeId))).ToList();
        var kept = members.Where(m => m.IsKept).ToList();
        var scope = new NameScope([typeName, .. NameScope.ObjectMembers]);
        var names = scope.Assign(kept.Select(m => CSharpNames.PascalCase(m.C.Name)).ToList());
        for (var i = 0; i < kept.Count; i++)
            kept[i].Name = names[i];
        var texts = kept.Where(m => m.Shape is ArrayShape { IsText: true } && !m.C.IsBitfield).ToList();
        var textNames = scope.Assign(texts.Select(m => m.Name + "String").ToList());
        for (var i = 0; i < texts.Count; i++)
            texts[i].TextName = textNames[i];
        var nested = kept.Where(m => NestedTypes.Suffix(m.Shape) is not null).ToList();
        var nestedNames = scope.Assign(nested.Select(m => m.Name + NestedTypes.Suffix(m.Shape)).ToList());
        for (var i = 0; i < nested.Count; i++)
            nested[i].NestedName = nestedNames[i];
        foreach (var m in kept.Where(m => m.C.IsBitfield))
            m.Window = BitfieldWindow.For(m.C.BitOffset, m.C.BitfieldSize, m.Bytes, composite.Size);
        return new StructPlan(members);
    }
}
