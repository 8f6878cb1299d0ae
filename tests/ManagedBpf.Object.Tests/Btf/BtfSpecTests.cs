using System.Buffers.Binary;
using ManagedBpf.Btf;
using Xunit;

namespace ManagedBpf.Tests.Btf;

/// <summary>Parsing rules, split BTF and resolution helpers on synthetic blobs.</summary>
public class BtfSpecTests
{
    [Fact]
    public void DecodesEveryKind()
    {
        var b = new BtfBuilder();
        var i = b.Int("int", 4, BtfIntEncoding.Signed);
        var p = b.Pointer(i);
        var a = b.Array(i, 3, i);
        var s = b.Struct("s", 8, ("x", i, 0, 0), ("f", i, 35, 3));
        var u = b.Union("u", 4, ("x", i, 0, 0));
        var e = b.Enum("e", 4, true, ("NEG", -2), ("POS", 7));
        var fwd = b.Forward("later", union: true);
        var td = b.Typedef("int_t", i);
        var v = b.Volatile(td);
        var c = b.Const(v);
        var r = b.Restrict(p);
        var proto = b.FunctionProto(i, ("a", i), ("b", p));
        var fn = b.Function("f", proto, BtfFunctionLinkage.Static);
        var var_ = b.Variable("g", i, BtfVariableLinkage.Static);
        var sec = b.DataSection(".data", 4, (var_, 0, 4));
        var fl = b.Float("double", 8);
        var tag = b.DeclTag("tag", s, 1);
        var tt = b.TypeTag("user", i);
        var e64 = b.Enum64("e64", 8, false, ("HUGE", 0xffff_ffff_0000_0001UL));
        var spec = b.Spec();

        Assert.Equal(e64 + 1, spec.TypeCount);
        Assert.Equal(i, Assert.IsType<BtfPointer>(spec.GetType(p)).TargetId);
        Assert.Equal((i, i, 3u), (Assert.IsType<BtfArray>(spec.GetType(a)).ElementId, ((BtfArray)spec.GetType(a)).IndexId, ((BtfArray)spec.GetType(a)).Count));
        var composite = Assert.IsType<BtfComposite>(spec.GetType(s));
        Assert.Equal(new BtfMember("f", i, 35, 3), composite.Members[1]);
        Assert.True(Assert.IsType<BtfComposite>(spec.GetType(u)).IsUnion);
        var en = Assert.IsType<BtfEnum>(spec.GetType(e));
        Assert.True(en.Signed);
        Assert.Equal([new BtfEnumValue("NEG", -2), new BtfEnumValue("POS", 7)], en.Values);
        Assert.True(Assert.IsType<BtfForward>(spec.GetType(fwd)).IsUnion);
        Assert.Equal(i, Assert.IsType<BtfTypedef>(spec.GetType(td)).TargetId);
        Assert.Equal(BtfKind.Volatile, spec.GetType(v).Kind);
        Assert.Equal(BtfKind.Restrict, spec.GetType(r).Kind);
        Assert.Equal(i, spec.ResolveType(c));
        Assert.Equal(i, spec.ResolveType(tt));
        Assert.Equal(p, spec.ResolveType(r));
        var fp = Assert.IsType<BtfFunctionProto>(spec.GetType(proto));
        Assert.Equal([new BtfParameter("a", i), new BtfParameter("b", p)], fp.Parameters);
        Assert.Equal(BtfFunctionLinkage.Static, Assert.IsType<BtfFunction>(spec.GetType(fn)).Linkage);
        Assert.Equal(BtfVariableLinkage.Static, Assert.IsType<BtfVariable>(spec.GetType(var_)).Linkage);
        Assert.Equal(new BtfSectionVariable(var_, 0, 4), Assert.Single(Assert.IsType<BtfDataSection>(spec.GetType(sec)).Variables));
        Assert.Equal(8u, Assert.IsType<BtfFloat>(spec.GetType(fl)).Size);
        Assert.Equal((s, 1), (Assert.IsType<BtfDeclTag>(spec.GetType(tag)).TargetId, ((BtfDeclTag)spec.GetType(tag)).ComponentIndex));
        Assert.Equal(BtfKind.TypeTag, spec.GetType(tt).Kind);
        Assert.Equal(unchecked((long)0xffff_ffff_0000_0001UL), Assert.IsType<BtfEnum>(spec.GetType(e64)).Values[0].Value);
    }

    [Fact]
    public void ResolvesSizesLikeLibbpf()
    {
        var b = new BtfBuilder();
        var i = b.Int("int", 4, BtfIntEncoding.Signed);
        var matrix = b.Array(b.Array(i, 3, i), 5, i);
        var ptr = b.Pointer(0);
        var constMatrix = b.Const(b.Typedef("m_t", matrix));
        var variable = b.Variable("v", constMatrix);
        var proto = b.FunctionProto(i);
        var func = b.Function("f", proto);
        var fwd = b.Forward("f", false);
        var huge = b.Array(b.Array(i, 0x10000, i), 0x10000, i);
        var spec = b.Spec();

        Assert.Equal(60, spec.SizeOf(matrix));
        Assert.Equal(60, spec.SizeOf(constMatrix));
        Assert.Equal(60, spec.SizeOf(variable));
        Assert.Equal(8, spec.SizeOf(ptr));
        Assert.Throws<BpfException>(() => spec.SizeOf(0));
        Assert.Throws<BpfException>(() => spec.SizeOf(func));
        Assert.Throws<BpfException>(() => spec.SizeOf(proto));
        Assert.Throws<BpfException>(() => spec.SizeOf(fwd));
        Assert.Throws<BpfException>(() => spec.SizeOf(huge)); // 2^32 * 4 bytes: E2BIG in libbpf
        Assert.Throws<BpfFormatException>(() => spec.SizeOf(spec.TypeCount));
    }

    [Fact]
    public void CyclicTypedefsAreFormatErrors()
    {
        var b = new BtfBuilder();
        var first = b.NextId;
        b.Typedef("a", first + 1);
        b.Typedef("b", first);
        var spec = b.Spec();
        Assert.Throws<BpfFormatException>(() => spec.ResolveType(first));
        Assert.Throws<BpfException>(() => spec.SizeOf(first));
    }

    [Fact]
    public void SplitBtfContinuesIdsAndStrings()
    {
        var b = new BtfBuilder();
        var i = b.Int("int", 4, BtfIntEncoding.Signed);
        b.Struct("task_struct", 4, ("pid", i, 0, 0));
        var vmlinux = b.Spec();

        var m = new BtfBuilder(vmlinux);
        var own = m.Struct("module_thing", 8, ("pid", i, 0, 0), ("x", i, 32, 0)); // "pid" reuses the base string
        var taskAgain = m.Struct("task_struct", 8, ("pid", i, 0, 0));
        var module = m.Spec(vmlinux);

        Assert.Equal(vmlinux.TypeCount, own);
        Assert.Equal(vmlinux.TypeCount + 2, module.TypeCount);
        Assert.Equal("int", module.GetType(i).Name);
        var thing = Assert.IsType<BtfComposite>(module.GetType(own));
        Assert.Equal(["pid", "x"], thing.Members.Select(x => x.Name));
        Assert.Equal(own, module.FindTypeId("module_thing", BtfKind.Struct));
        Assert.Equal([2, taskAgain], module.FindTypeIdsByName("task_struct"));
        Assert.Equal(-1, vmlinux.FindTypeId("module_thing", BtfKind.Struct));
    }

    [Theory]
    [InlineData(0, 0x00, "magic")]
    [InlineData(0, 0x9f, "big-endian")]
    [InlineData(2, 2, "version")]
    [InlineData(4, 23, "header length")]
    [InlineData(12, 0xff, "exceeds")]
    [InlineData(20, 0xff, "exceeds")]
    [InlineData(8, 2, "aligned")]
    public void RejectsBadHeaders(int position, byte value, string message)
    {
        var bytes = Small();
        if (value == 0x9f && position == 0)
            (bytes[0], bytes[1]) = (0xeb, 0x9f);
        else
            bytes[position] = value;
        var e = Assert.Throws<BpfFormatException>(() => BtfSpec.Parse(bytes));
        Assert.Contains(message, e.Message);
        Assert.Equal(".BTF", e.Section);
    }

    [Fact]
    public void RejectsBadTypesAndStrings()
    {
        var bytes = Small();
        bytes[24 + 7] = 0x1f; // info.kind = 31
        Assert.Contains("unsupported BTF kind", Assert.Throws<BpfFormatException>(() => BtfSpec.Parse(bytes)).Message);

        bytes = Small();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(24 + 4 + 12 + 4), 0xffff); // struct vlen way past the end
        Assert.Contains("runs past", Assert.Throws<BpfFormatException>(() => BtfSpec.Parse(bytes)).Message);

        bytes = Small();
        bytes[^1] = (byte)'x';
        Assert.Contains("NUL", Assert.Throws<BpfFormatException>(() => BtfSpec.Parse(bytes)).Message);

        bytes = Small();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 9999); // name_off of the int
        var spec = BtfSpec.Parse(bytes);
        Assert.Throws<BpfFormatException>(() => spec.GetType(1));
        Assert.Throws<BpfFormatException>(() => spec.GetString(9999));
        Assert.Throws<BpfFormatException>(() => spec.GetType(-1));
        Assert.Throws<BpfFormatException>(() => spec.GetType(spec.TypeCount));
    }

    [Fact]
    public void AcceptsLongerZeroPaddedHeaders()
    {
        var small = Small();
        var bytes = new byte[small.Length + 8];
        small.AsSpan(0, 24).CopyTo(bytes);
        small.AsSpan(24).CopyTo(bytes.AsSpan(32));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 32);
        Assert.Equal(3, BtfSpec.Parse(bytes).TypeCount);
        bytes[30] = 1;
        Assert.Throws<BpfFormatException>(() => BtfSpec.Parse(bytes));
    }

    /// <summary>int + struct s { int x; }.</summary>
    private static byte[] Small()
    {
        var b = new BtfBuilder();
        var i = b.Int("int", 4, BtfIntEncoding.Signed);
        b.Struct("s", 4, ("x", i, 0, 0));
        return b.Build();
    }
}
