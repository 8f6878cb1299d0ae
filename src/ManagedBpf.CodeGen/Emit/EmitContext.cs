using System.Security;
using ManagedBpf.Btf;
using ManagedBpf.CodeGen.Types;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>What every writer of one generated file shares.</summary>
/// <param name="Btf">The object's BTF.</param>
/// <param name="Catalog">The namespace-level types.</param>
/// <param name="Shapes">BTF types as C# types.</param>
/// <param name="SourceName">The object's file name, named in doc comments (<c>bootstrap.bpf.o</c>).</param>
internal sealed record EmitContext(BtfSpec Btf, TypeCatalog Catalog, TypeShapes Shapes, string SourceName)
{
    /// <summary>A C declaration inside a doc comment: <c>&lt;c&gt;char comm[16]&lt;/c&gt;</c>.</summary>
    public string Code(int typeId, string name) => $"<c>{Xml(CDeclaration.Of(Btf, typeId, name))}</c>";

    /// <summary>Text escaped for an XML doc comment.</summary>
    public static string Xml(string text) => SecurityElement.Escape(text);

    /// <summary>Byte size of a type (0 for a flexible array).</summary>
    public long SizeOf(int typeId) => Btf.SizeOf(typeId);
}
