using System.Numerics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ManagedBpf.Btf;
using ManagedBpf.CodeGen;
using ManagedBpf.CodeGen.Emit;

namespace ManagedBpf.Tests.CodeGen;

/// <summary>
/// Compares the compiled generated types with the object's BTF, the runtime's layout against the C one: each
/// struct's size, and for each member the bytes (or, for a bitfield, the bits) that change when it is set to all
/// ones in a zeroed instance, which must be exactly those BTF gives it; each enum's size and values; each inline
/// array's length and size. The C layout is walked here from BTF alone; only the C# name of each member comes
/// from the generator (<see cref="StructPlan"/>).
/// </summary>
internal sealed class LayoutChecker(GeneratedCode code)
{
    private readonly EmitContext _context = CSharpGenerator.Prepare(code.Spec, code.Options).Context
        ?? throw new InvalidOperationException("the object has no BTF");

    private readonly List<string> _problems = [];

    /// <summary>Members, types and arrays checked.</summary>
    public int Checked { get; private set; }

    /// <summary>Checks every namespace-level type; returns what differs, one line each.</summary>
    public IReadOnlyList<string> CheckAll()
    {
        foreach (var declared in _context.Catalog.Types)
        {
            if (declared.Type is BtfComposite composite)
                CheckComposite(code.Type(declared.Name), composite, declared.Name);
            else
                CheckEnum(code.Type(declared.Name), (BtfEnum)declared.Type, declared.Name);
        }
        return _problems;
    }

    private void Problem(string where, string what) => _problems.Add($"{where}: {what}");

    private void CheckComposite(Type type, BtfComposite composite, string name)
    {
        Checked++;
        if (SizeOf(type) != composite.Size)
            Problem(name, $"{SizeOf(type)} bytes, BTF says {composite.Size}");
        var expected = CMembers(composite, 0).ToDictionary(m => m.Name);
        var plan = StructPlan.Of(_context, type.Name, composite);
        foreach (var member in plan.Members)
        {
            var c = expected[member.C.Name];
            expected.Remove(member.C.Name);
            var where = $"{name}.{member.C.Name}";
            var size = _context.Btf.SizeOf(c.TypeId);
            if (!member.IsKept)
            {
                if (size != 0)
                    Problem(where, $"left out, yet {size} bytes");
                continue;
            }
            Checked++;
            if (c.BitfieldSize > 0)
                CheckBitfield(type, composite.Size, type.GetProperty(member.Name)!, c, where);
            else
                CheckField(type, composite.Size, type.GetField(member.Name)!, c, size, where, member);
            if (member.TextName is not null)
                CheckText(type, member, (int)size, where);
        }
        foreach (var missing in expected.Keys)
            Problem($"{name}.{missing}", "no member");
    }

    private void CheckField(Type type, uint structSize, FieldInfo field, CMember c, long size, string where, PlannedMember member)
    {
        var box = RuntimeHelpers.GetUninitializedObject(type);
        var ones = RuntimeHelpers.GetUninitializedObject(field.FieldType);
        Bytes(ones, SizeOf(field.FieldType)).Fill(0xff);
        field.SetValue(box, ones);
        var changed = ChangedBits(Bytes(box, (int)structSize));
        var offset = c.BitOffset / 8;
        if (changed != (offset * 8, size * 8))
            Problem(where, $"sets bits [{changed.From}, +{changed.Count}), BTF says bytes [{offset}, +{size})");
        var shape = _context.Shapes.Of(c.TypeId);
        var resolved = _context.Btf.GetType(_context.Btf.ResolveType(c.TypeId));
        switch (shape)
        {
            case AnonymousShape { Type: BtfComposite inner }:
                CheckComposite(field.FieldType, inner, $"{where} ({member.NestedName})");
                break;
            case AnonymousShape { Type: BtfEnum e }:
                CheckEnum(field.FieldType, e, $"{where} ({member.NestedName})");
                break;
            case ArrayShape array:
                CheckArray(field.FieldType, (BtfArray)resolved, array, where);
                break;
        }
    }

    private void CheckArray(Type type, BtfArray array, ArrayShape shape, string where)
    {
        Checked++;
        var length = type.GetCustomAttribute<InlineArrayAttribute>()?.Length;
        var element = type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Single().FieldType;
        if (length != array.Count || SizeOf(type) != _context.Btf.SizeOf(array.Id))
            Problem(where, $"inline array of {length} ({SizeOf(type)} bytes), BTF says {array.Count} ({_context.Btf.SizeOf(array.Id)} bytes)");
        var elementType = _context.Btf.GetType(_context.Btf.ResolveType(array.ElementId));
        switch (shape.Element)
        {
            case ArrayShape inner:
                CheckArray(element, (BtfArray)elementType, inner, where + "[]");
                break;
            case AnonymousShape { Type: BtfComposite composite }:
                CheckComposite(element, composite, where + "[]");
                break;
        }
    }

    private void CheckBitfield(Type type, uint structSize, PropertyInfo property, CMember c, string where)
    {
        var box = RuntimeHelpers.GetUninitializedObject(type);
        var signed = property.PropertyType == typeof(bool) ? false : IsSigned(property.PropertyType);
        var ones = AllOnes(property.PropertyType, c.BitfieldSize, signed);
        property.SetValue(box, ones);
        var changed = ChangedBits(Bytes(box, (int)structSize));
        if (changed != (c.BitOffset, c.BitfieldSize))
            Problem(where, $"sets bits [{changed.From}, +{changed.Count}), BTF says [{c.BitOffset}, +{c.BitfieldSize})");
        if (!Equals(property.GetValue(box), ones))
            Problem(where, $"reads back {property.GetValue(box)} after {ones} was set");
    }

    private void CheckText(Type type, PlannedMember member, int size, string where)
    {
        var box = RuntimeHelpers.GetUninitializedObject(type);
        var text = type.GetProperty(member.TextName!)!;
        var value = new string('x', size + 3);
        text.SetValue(box, value);
        if ((string)text.GetValue(box)! != value[..Math.Max(0, size - 1)])
            Problem(where, $"text property keeps '{text.GetValue(box)}' of {size + 3} characters in {size} bytes");
    }

    private void CheckEnum(Type type, BtfEnum e, string name)
    {
        Checked++;
        if (SizeOf(Enum.GetUnderlyingType(type)) != e.Size)
            Problem(name, $"{SizeOf(Enum.GetUnderlyingType(type))} bytes, BTF says {e.Size}");
        var names = EnumWriter.MemberNames(type.Name, e);
        for (var i = 0; i < e.Values.Count; i++)
        {
            var value = Enum.Parse(type, names[i]);
            // BtfEnumValue keeps an unsigned 64-bit value above long.MaxValue as its two's complement.
            var actual = Enum.GetUnderlyingType(type) == typeof(ulong) ? unchecked((long)Convert.ToUInt64(value, null)) : Convert.ToInt64(value, null);
            if (actual != e.Values[i].Value)
                Problem($"{name}.{e.Values[i].Name}", $"{actual}, BTF says {e.Values[i].Value}");
        }
    }

    /// <summary>A member as C lays it out: anonymous members' members at their offset in the outer type.</summary>
    private readonly record struct CMember(string Name, int TypeId, long BitOffset, uint BitfieldSize);

    private IEnumerable<CMember> CMembers(BtfComposite composite, long baseBit)
    {
        foreach (var m in composite.Members)
        {
            if (m.Name.Length > 0)
                yield return new CMember(m.Name, m.TypeId, baseBit + m.BitOffset, m.BitfieldSize);
            else if (m.BitfieldSize == 0 && _context.Btf.GetType(_context.Btf.ResolveType(m.TypeId)) is BtfComposite inner)
            {
                foreach (var nested in CMembers(inner, baseBit + m.BitOffset))
                    yield return nested;
            }
        }
    }

    private static object AllOnes(Type type, uint width, bool signed)
    {
        if (type == typeof(bool))
            return true;
        var underlying = type.IsEnum ? Enum.GetUnderlyingType(type) : type;
        var value = signed ? Convert.ChangeType(-1L, underlying, null)
            : Convert.ChangeType(width == 64 ? ulong.MaxValue : (1UL << (int)width) - 1, underlying, null);
        return type.IsEnum ? Enum.ToObject(type, value) : value;
    }

    private static bool IsSigned(Type type)
    {
        var underlying = type.IsEnum ? Enum.GetUnderlyingType(type) : type;
        return underlying == typeof(sbyte) || underlying == typeof(short) || underlying == typeof(int) || underlying == typeof(long);
    }

    /// <summary>The first set bit and how many follow it, all set; (-1, -1) when the set bits are not one run.</summary>
    private static (long From, long Count) ChangedBits(ReadOnlySpan<byte> bytes)
    {
        var bits = new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
        if (bits.IsZero)
            return (0, 0);
        var from = (long)BigInteger.TrailingZeroCount(bits);
        var run = bits >> (int)from;
        var count = (long)run.GetBitLength();
        return run == (BigInteger.One << (int)count) - 1 ? (from, count) : (-1, -1);
    }

    private static int SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    /// <summary>The bytes of a boxed struct, in place: they follow the box's method table pointer, where the first
    /// field of any class starts too.</summary>
    private static Span<byte> Bytes(object box, int size) => MemoryMarshal.CreateSpan(ref Unsafe.As<RawData>(box).Data, size);

    private sealed class RawData
    {
        public byte Data;
    }
}
