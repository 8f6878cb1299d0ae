using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Tests.Btf;

namespace ManagedBpf.Tests.CoRe;

/// <summary>
/// A synthetic object BTF ("local") and kernel BTF ("target") whose layouts differ in every way CO-RE handles:
/// moved and resized members, anonymous unions, bitfields, renumbered enums, arrays of another length.
/// </summary>
internal sealed class CoreFixture
{
    public CoreFixture()
    {
        var l = Local;
        var lInt = l.Int("int", 4, BtfIntEncoding.Signed);
        var lUint = l.Int("unsigned int", 4);
        var lIndex = l.Int("__ARRAY_SIZE_TYPE__", 4);
        var lLongLong = l.Int("long long", 8, BtfIntEncoding.Signed);
        var lChar = l.Int("char", 1, BtfIntEncoding.Signed);
        var lInner = l.Struct("inner", 8, ("a", lInt, 0, 0), ("b", lInt, 32, 0));
        var lArray = l.Array(lInt, 4, lIndex);
        var lUnion = l.Union("", 8, ("u1", lInt, 0, 0), ("u2", lLongLong, 0, 0));
        var lEnum = l.Enum("e", 4, false, ("E_A", 1), ("E_B", 2), ("E_GONE", 3));
        var lPointer = l.Pointer(lChar);
        S = l.Struct("s", 64,
            ("x", lInt, 0, 0),          // 0
            ("in", lInner, 32, 0),      // 1
            ("arr", lArray, 96, 0),     // 2
            ("bf1", lUint, 224, 3),     // 3
            ("", lUnion, 256, 0),       // 4
            ("kind", lEnum, 320, 0),    // 5
            ("gone", lInt, 352, 0),     // 6
            ("ptr", lPointer, 384, 0),  // 7
            ("u", lUint, 448, 0),       // 8
            ("sgn", lInt, 480, 0),      // 9
            ("bf2", lUint, 227, 5),     // 10
            ("bf3", lUint, 232, 5));    // 11
        STypedef = l.Typedef("s_t", S);
        Big = l.Enum64("big", 8, false, ("BIG_X", 0x1_0000_0005UL));
        Flavored = l.Struct("s___flavor", 4, ("x", lInt, 0, 0));
        Absent = l.Struct("absent", 4, ("x", lInt, 0, 0));
        Inner = lInner;
        Enum = lEnum;

        var t = Target;
        var tLong = t.Int("long", 8, BtfIntEncoding.Signed);
        var tInt = t.Int("int", 4, BtfIntEncoding.Signed);
        var tUint = t.Int("unsigned int", 4);
        var tUlong = t.Int("unsigned long", 8);
        var tIndex = t.Int("__ARRAY_SIZE_TYPE__", 4);
        var tChar = t.Int("char", 1, BtfIntEncoding.Signed);
        var tPointer = t.Pointer(tChar);
        var tInner = t.Struct("inner", 16, ("pad", tLong, 0, 0), ("b", tInt, 64, 0), ("a", tInt, 96, 0));
        var tArray = t.Array(tInt, 8, tIndex);
        var tUnion = t.Union("", 8, ("u2", tLong, 0, 0), ("u1", tInt, 0, 0));
        var tEnum = t.Enum("e", 4, true, ("E_B", 20), ("E_A", -1));
        TargetS = t.Struct("s", 112,
            ("pad", tLong, 0, 0),
            ("ptr", tPointer, 64, 0),
            ("x", tInt, 128, 0),
            ("in", tInner, 192, 0),
            ("arr", tArray, 320, 0),
            ("bf1", tUint, 600, 3),
            ("bf2", tUint, 603, 5),
            ("bf3", tUint, 606, 5),
            ("", tUnion, 640, 0),
            ("kind", tEnum, 704, 0),
            ("u", tUlong, 768, 0),
            ("sgn", tLong, 832, 0));
        t.Typedef("s_t", TargetS);
        TargetBig = t.Enum64("big", 8, false, ("BIG_X", 0x2_0000_0007UL));
        TargetInner = tInner;
    }

    public BtfBuilder Local { get; } = new();

    public BtfBuilder Target { get; } = new();

    public int S { get; }

    public int STypedef { get; }

    public int Big { get; }

    public int Flavored { get; }

    public int Absent { get; }

    public int Inner { get; }

    public int Enum { get; }

    public int TargetS { get; }

    public int TargetBig { get; }

    public int TargetInner { get; }

    /// <summary>A record for <paramref name="typeId"/> with access string <paramref name="access"/> (added to the local strings).</summary>
    public CoreRelocationRecord Record(int typeId, string access, CoreRelocationKind kind, uint instruction = 0) =>
        new(instruction * 8, (uint)typeId, Local.String(access), kind);

    public CoreRelocator Relocator(BtfSpec? target = null, params BtfSpec[] modules) =>
        new(Local.Spec(), target ?? Target.Spec(), modules);
}
