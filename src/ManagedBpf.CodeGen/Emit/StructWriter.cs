using ManagedBpf.Btf;
using ManagedBpf.CodeGen.Types;

namespace ManagedBpf.CodeGen.Emit;

/// <summary>
/// A C struct or union as a C# struct laid out exactly as its BTF says: <c>LayoutKind.Explicit</c> with the BTF size,
/// each member a field at its byte offset (so padding is where C has it, and a union's members overlap), anonymous
/// members' members in place (<see cref="CompositeLayout"/>), arrays as inline arrays with a string property for
/// <c>char</c> arrays, and each bitfield a property over the integer that holds it (<see cref="BitfieldWindow"/>).
/// Members are named by <see cref="StructPlan"/>.
/// </summary>
internal static class StructWriter
{
    private const string InteropServices = "global::System.Runtime.InteropServices";

    /// <summary>Declares <paramref name="composite"/> as the struct <paramref name="name"/>; <paramref name="summary"/>
    /// opens its doc comment (XML), and the size follows.</summary>
    public static void Write(CodeWriter w, EmitContext context, string name, BtfComposite composite, string summary)
    {
        var plan = StructPlan.Of(context, name, composite);
        w.Separate();
        w.ShortSummary($"{summary}: {composite.Size} bytes, laid out as the BTF of {EmitContext.Xml(context.SourceName)} says.");
        w.Line($"[{InteropServices}.StructLayout({InteropServices}.LayoutKind.Explicit, Size = {composite.Size})]");
        w.Open($"public partial struct {name}");
        var coveredBits = 0L;
        foreach (var m in plan.Members)
        {
            if (!composite.IsUnion && m.C.BitOffset > coveredBits)
                Padding(w, coveredBits, m.C.BitOffset);
            coveredBits = Math.Max(coveredBits, m.C.BitOffset + (m.C.IsBitfield ? m.C.BitfieldSize : m.Bytes * 8));
            if (!m.IsKept)
            {
                w.Separate();
                w.Line($"// {CDeclaration.Of(context.Btf, m.C.TypeId, m.C.Name)}: no bytes of its own (a flexible array or an empty struct), so no field.");
            }
            else if (m.C.IsBitfield)
                Bitfield(w, context, m);
            else
                Field(w, context, m);
        }
        if (!composite.IsUnion && composite.Size * 8L > coveredBits)
            Padding(w, coveredBits, composite.Size * 8L);
        Storage(w, plan.Members);
        foreach (var m in plan.Members.Where(m => m.NestedName is not null))
            NestedTypes.Write(w, context, m.NestedName!, m.Shape, context.Code(m.C.TypeId, m.C.Name));
        w.Close();
    }

    private static void Padding(CodeWriter w, long fromBit, long toBit)
    {
        w.Separate();
        w.Line(fromBit % 8 == 0 && toBit % 8 == 0
            ? $"// {(toBit - fromBit) / 8} byte(s) of padding at offset {fromBit / 8}."
            : $"// {toBit - fromBit} bit(s) of padding at bit offset {fromBit}.");
    }

    private static string Where(LayoutMember m, long bytes) =>
        $"{bytes} byte(s) at offset {m.BitOffset / 8}{(m.Anonymous is null ? "" : $", in an {EmitContext.Xml(m.Anonymous)}")}";

    private static void Field(CodeWriter w, EmitContext context, PlannedMember m)
    {
        if (m.C.BitOffset % 8 != 0)
            throw new BpfException($"member '{m.C.Name}' is at bit offset {m.C.BitOffset}, not at a byte, and is no bitfield");
        w.Separate();
        w.ShortSummary($"{context.Code(m.C.TypeId, m.C.Name)}: {Where(m.C, m.Bytes)}.");
        w.Line($"[{InteropServices}.FieldOffset({m.C.BitOffset / 8})]");
        w.Line($"public {NestedTypes.Text(m.Shape, m.NestedName)} {m.Name};");
        if (m.TextName is null)
            return;
        var length = ((ArrayShape)m.Shape).Count;
        w.Separate();
        w.ShortSummary($"<c>{EmitContext.Xml(m.C.Name)}</c> as text: its bytes up to the first NUL as UTF-8; setting it stores at most {Math.Max(0, length - 1)} bytes and a NUL (<see cref=\"global::ManagedBpf.CString\"/>).");
        w.Open($"public string {m.TextName}");
        w.Line($"readonly get => global::ManagedBpf.CString.Read({m.Name});");
        w.Line($"set => global::ManagedBpf.CString.Write(value, {m.Name});");
        w.Close();
    }

    private static void Bitfield(CodeWriter w, EmitContext context, PlannedMember m)
    {
        var width = m.C.BitfieldSize;
        w.Separate();
        if (m.Window is not { } window)
        {
            w.Line($"// {CDeclaration.Of(context.Btf, m.C.TypeId, m.C.Name)} : {width}: no integer of 16 bytes or less inside the struct holds it.");
            return;
        }
        var (signed, isBool) = m.Shape switch
        {
            NamedShape named => (named.Signed, named.IsBool),
            AnonymousShape anonymous => (anonymous.Signed, false),
            _ => throw new BpfException($"bitfield '{m.C.Name}' is of a type that is no integer or enum"),
        };
        var type = NestedTypes.Text(m.Shape, m.NestedName);
        var storage = StorageName(window);
        var wide = window.Size switch { <= 4 => "uint", 8 => "ulong", _ => "global::System.UInt128" };
        var raw = window.Size is 4 or 8 ? storage : $"(({wide}){storage})";
        var mask = Mask(wide, width);
        var bits = window.Bits <= 32 ? 32 : window.Bits;
        var unsignedValue = $"(({raw} >> {window.Shift}) & {mask})";
        var signedWide = window.Size switch { <= 4 => "int", 8 => "long", _ => "global::System.Int128" };
        var get = isBool ? $"{unsignedValue} != 0"
            : signed ? $"({type})(({signedWide})({raw} << {bits - window.Shift - width}) >> {bits - width})"
            : $"({type}){unsignedValue}";
        var value = isBool ? (wide == "uint" ? "(value ? 1U : 0U)" : $"(value ? ({wide})1 : ({wide})0)") : $"(({wide})value)";
        var storageType = StorageType(window.Size);

        w.ShortSummary($"{context.Code(m.C.TypeId, m.C.Name)} : {width}, a bitfield: {width} bit(s) at bit {window.Shift} of the {window.Size}-byte integer at offset {window.ByteOffset}{(m.C.Anonymous is null ? "" : $", in an {EmitContext.Xml(m.C.Anonymous)}")}.");
        w.Open($"public {type} {m.Name}");
        w.Line($"readonly get => {get};");
        w.Line($"set => {storage} = unchecked(({storageType})(({raw} & ~({mask} << {window.Shift})) | (({value} & {mask}) << {window.Shift})));");
        w.Close();
    }

    private static string Mask(string wide, uint width) => wide switch
    {
        "uint" => $"0x{(width == 32 ? uint.MaxValue : (1U << (int)width) - 1):X}U",
        "ulong" => $"0x{(width == 64 ? ulong.MaxValue : (1UL << (int)width) - 1):X}UL",
        _ => $"(global::System.UInt128.MaxValue >> {128 - width})",
    };

    /// <summary>The private fields the bitfield properties read and write, one per distinct window.</summary>
    private static void Storage(CodeWriter w, IReadOnlyList<PlannedMember> members)
    {
        foreach (var window in members.Select(m => m.Window).OfType<BitfieldWindow>().Select(b => (b.ByteOffset, b.Size)).Distinct().Order())
        {
            w.Separate();
            w.ShortSummary($"The {window.Size}-byte integer at offset {window.ByteOffset} that holds bitfields.");
            w.Line($"[{InteropServices}.FieldOffset({window.ByteOffset})]");
            w.Line($"private {StorageType(window.Size)} {StorageName(new BitfieldWindow(window.ByteOffset, window.Size, 0))};");
        }
    }

    /// <summary>The private field that holds the bitfields of <paramref name="window"/>.</summary>
    public static string StorageName(BitfieldWindow window) => $"_bits{window.ByteOffset}x{window.Size}";

    private static string StorageType(int size) => size switch
    {
        1 => "byte",
        2 => "ushort",
        4 => "uint",
        8 => "ulong",
        _ => "global::System.UInt128",
    };
}
