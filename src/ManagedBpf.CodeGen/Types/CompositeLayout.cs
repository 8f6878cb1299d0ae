using ManagedBpf.Btf;

namespace ManagedBpf.CodeGen.Types;

/// <summary>
/// A member as C code names it: a member of the struct or union itself, or of an anonymous struct or union inside
/// it, which C11 lets code name directly (<c>skb->tstamp</c> for a member of an unnamed union). The generated type
/// does the same: such members are placed at their offset from the outer type's start, and the explicit layout
/// lets the members of an anonymous union overlap as they do in C.
/// </summary>
/// <param name="Name">The C name.</param>
/// <param name="TypeId">The member's type in the object's BTF.</param>
/// <param name="BitOffset">Offset from the start of the outermost type, in bits.</param>
/// <param name="BitfieldSize">Width of a bitfield, 0 for a plain member.</param>
/// <param name="Anonymous">The anonymous struct or union the member belongs to (<c>union (anonymous)</c>), or null.</param>
internal readonly record struct LayoutMember(string Name, int TypeId, long BitOffset, uint BitfieldSize, string? Anonymous)
{
    public bool IsBitfield => BitfieldSize > 0;
}

/// <summary>The members of a struct or union with its anonymous members' members pulled up (<see cref="LayoutMember"/>).</summary>
internal static class CompositeLayout
{
    public static IReadOnlyList<LayoutMember> Flatten(BtfSpec btf, BtfComposite composite)
    {
        var members = new List<LayoutMember>();
        Flatten(btf, composite, 0, null, members, 0);
        return members;
    }

    private static void Flatten(BtfSpec btf, BtfComposite composite, long baseBit, string? anonymous, List<LayoutMember> members, int depth)
    {
        if (depth > 32)
            throw new BpfException($"{CDeclaration.TagName(composite)}: anonymous members nest more than 32 deep");
        foreach (var member in composite.Members)
        {
            var bit = baseBit + member.BitOffset;
            if (member.Name.Length > 0)
                members.Add(new LayoutMember(member.Name, member.TypeId, bit, member.BitfieldSize, anonymous));
            else if (btf.GetType(btf.ResolveType(member.TypeId)) is BtfComposite inner && member.BitfieldSize == 0)
                Flatten(btf, inner, bit, CDeclaration.TagName(inner), members, depth + 1);
            // An unnamed bitfield (int : 3) is padding: C code cannot name it either.
        }
    }
}
