using ManagedBpf.Btf;

namespace ManagedBpf.CodeGen.Types;

/// <summary>
/// A BTF type spelled as a C declaration (<c>const volatile unsigned long long min_duration_ns</c>,
/// <c>char comm[16]</c>, <c>struct task_struct *task</c>, <c>int (*fn)(void *)</c>), for the doc comments that name
/// where each generated member comes from. Declarators nest as in C: a pointer qualifier follows its star, an
/// array or function behind a pointer gets parentheses.
/// </summary>
internal static class CDeclaration
{
    /// <summary>The declaration of <paramref name="name"/> (empty for an abstract declarator) of type <paramref name="typeId"/>.</summary>
    public static string Of(BtfSpec btf, int typeId, string name) => Declare(btf, typeId, name, 0);

    /// <summary>How C names a struct, union or enum type: <c>struct event</c>, <c>union (anonymous)</c>.</summary>
    public static string TagName(BtfType type)
    {
        var keyword = type.Kind switch
        {
            BtfKind.Union => "union",
            BtfKind.Enum or BtfKind.Enum64 => "enum",
            BtfKind.Forward when ((BtfForward)type).IsUnion => "union",
            _ => "struct",
        };
        return $"{keyword} {(type.Name.Length == 0 ? "(anonymous)" : type.Name)}";
    }

    private static string Declare(BtfSpec btf, int typeId, string declarator, int depth)
    {
        if (depth > 32)
            return Join("...", declarator);
        var type = btf.GetType(typeId);
        switch (type)
        {
            case BtfPointer pointer:
                return Declare(btf, pointer.TargetId, "*" + declarator, depth + 1);
            case BtfArray array:
                return Declare(btf, array.ElementId, $"{Grouped(declarator)}[{array.Count}]", depth + 1);
            case BtfFunctionProto proto:
                var parameters = proto.Parameters.Count == 0 ? "void"
                    : string.Join(", ", proto.Parameters.Select(p => p.TypeId == 0 ? "..." : Declare(btf, p.TypeId, "", depth + 1)));
                return Declare(btf, proto.ReturnId, $"{Grouped(declarator)}({parameters})", depth + 1);
            case BtfQualifier { Kind: BtfKind.TypeTag } tag:
                return Declare(btf, tag.TargetId, declarator, depth + 1);
            case BtfQualifier qualifier:
                var keyword = qualifier.Kind switch { BtfKind.Const => "const", BtfKind.Volatile => "volatile", _ => "restrict" };
                // A qualified pointer is "T *const p"; anything else is "const T p".
                return btf.GetType(qualifier.TargetId) is BtfPointer
                    ? Declare(btf, qualifier.TargetId, $"{keyword} {declarator}".TrimEnd(), depth + 1)
                    : $"{keyword} {Declare(btf, qualifier.TargetId, declarator, depth + 1)}";
            case BtfVoid:
                return Join("void", declarator);
            case BtfComposite or BtfEnum or BtfForward:
                return Join(TagName(type), declarator);
            default:
                return Join(type.Name, declarator);
        }
    }

    /// <summary>A pointer declarator inside an array or function declarator needs parentheses: <c>(*p)[4]</c>.</summary>
    private static string Grouped(string declarator) => declarator.StartsWith('*') ? $"({declarator})" : declarator;

    private static string Join(string baseType, string declarator) => declarator.Length == 0 ? baseType : $"{baseType} {declarator}";
}
