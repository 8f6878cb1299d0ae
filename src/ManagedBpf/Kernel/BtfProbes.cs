using ManagedBpf.Btf;

namespace ManagedBpf.Kernel;

/// <summary>The smallest BTF blob that uses each feature (modelled on libbpf's probe_kern_btf_*).</summary>
internal static class BtfProbes
{
    public static IEnumerable<(BtfFeatures Feature, byte[] Blob)> All()
    {
        yield return (BtfFeatures.Function, Function(global: false));
        yield return (BtfFeatures.GlobalFunction, Function(global: true));
        yield return (BtfFeatures.DataSection, DataSection());
        yield return (BtfFeatures.Float, Single(BtfKind.Float, "float", 4));
        yield return (BtfFeatures.DeclTag, DeclTag());
        yield return (BtfFeatures.TypeTag, TypeTag());
        yield return (BtfFeatures.Enum64, Single(BtfKind.Enum64, "e", 8));
    }

    /// <summary>
    /// True when the kernel loads the blob. EINVAL (and E2BIG for unknown header fields) mean "not supported";
    /// anything else, such as EPERM, is a real failure that a probe must not hide.
    /// </summary>
    public static bool Accepted(byte[] blob)
    {
        try
        {
            using var handle = BtfHandle.Load(blob);
            return true;
        }
        catch (BpfSyscallException e) when (e.Errno is Errno.EINVAL or Errno.E2BIG)
        {
            return false;
        }
    }

    /// <summary>int; int (*)(int x); a FUNC of that prototype, static or global (a FUNC's parameters need names).</summary>
    private static byte[] Function(bool global)
    {
        var w = new BtfBlobWriter();
        w.Int(w.String("int"));
        w.Type(0, BtfKind.FunctionProto, 1, false, 1, w.String("x"), 1);
        w.Type(w.String("f"), BtfKind.Function, global ? 1 : 0, false, 2);
        return w.Build();
    }

    /// <summary>int; static int x; a .data DATASEC holding x.</summary>
    private static byte[] DataSection()
    {
        var w = new BtfBlobWriter();
        w.Int(w.String("int"));
        w.Type(w.String("x"), BtfKind.Variable, 0, false, 1, 0);
        w.Type(w.String(".data"), BtfKind.DataSection, 1, false, 4, 2, 0, 4);
        return w.Build();
    }

    /// <summary>int; int x; a DECL_TAG on x.</summary>
    private static byte[] DeclTag()
    {
        var w = new BtfBlobWriter();
        w.Int(w.String("int"));
        w.Type(w.String("x"), BtfKind.Variable, 0, false, 1, 1);
        w.Type(w.String("tag"), BtfKind.DeclTag, 0, false, 2, uint.MaxValue);
        return w.Build();
    }

    /// <summary>int; a TYPE_TAG of int; a pointer to the tagged int.</summary>
    private static byte[] TypeTag()
    {
        var w = new BtfBlobWriter();
        w.Int(w.String("int"));
        w.Type(w.String("tag"), BtfKind.TypeTag, 0, false, 1);
        w.Type(0, BtfKind.Pointer, 0, false, 2);
        return w.Build();
    }

    private static byte[] Single(BtfKind kind, string name, uint size)
    {
        var w = new BtfBlobWriter();
        w.Type(w.String(name), kind, 0, false, size);
        return w.Build();
    }
}
