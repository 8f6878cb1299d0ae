using ManagedBpf.Btf;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// The types a member, variable or map needs declared next to it: an <c>[InlineArray]</c> struct for a C array
/// (<c>CommArray</c> for <c>comm</c>) and the struct, union or enum of an anonymous type (<c>InnerStruct</c> for
/// <c>struct { ... } inner</c>). Their names are the member's C# name and a suffix, claimed in the enclosing scope.
/// </summary>
internal static class NestedTypes
{
    /// <summary>The suffix of the nested type a shape needs, or null when it needs none.</summary>
    public static string? Suffix(TypeShape shape) => shape switch
    {
        ArrayShape => "Array",
        AnonymousShape { Type: BtfComposite { IsUnion: true } } => "Union",
        AnonymousShape { Type: BtfComposite } => "Struct",
        AnonymousShape => "Enum",
        _ => null,
    };

    /// <summary>The shape as written where it is used, <paramref name="nestedName"/> being its nested type's name.</summary>
    public static string Text(TypeShape shape, string? nestedName) =>
        shape is NamedShape named ? named.Text : nestedName ?? throw new InvalidOperationException("a nested type needs a name");

    /// <summary>Declares the nested type <paramref name="name"/> for <paramref name="shape"/>, which comes from the C
    /// declaration <paramref name="declaration"/> (XML, for its doc comment).</summary>
    public static void Write(CodeWriter w, EmitContext context, string name, TypeShape shape, string declaration)
    {
        switch (shape)
        {
            case ArrayShape array:
                var element = Suffix(array.Element) is null ? null : "Element";
                w.Separate();
                w.ShortSummary($"The {array.Count} elements of {declaration}, inline; converts to a span of them.");
                w.Line($"[global::System.Runtime.CompilerServices.InlineArray({array.Count})]");
                w.Open($"public partial struct {name}");
                w.Line($"private {Text(array.Element, element)} _element0;");
                if (element is not null)
                    Write(w, context, element, array.Element, $"an element of {declaration}");
                w.Close();
                break;
            case AnonymousShape { Type: BtfComposite composite }:
                StructWriter.Write(w, context, name, composite, $"The anonymous {(composite.IsUnion ? "union" : "struct")} of {declaration}");
                break;
            case AnonymousShape { Type: BtfEnum e }:
                EnumWriter.Write(w, name, e, $"The anonymous enum of {declaration}");
                break;
        }
    }
}
