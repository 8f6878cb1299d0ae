using ManagedBpf.Btf;
using Xunit;

namespace ManagedBpf.Tests.Btf;

/// <summary>
/// The sanitizer against the real kernel: for each BTF feature a kernel may lack, every committed object's BTF,
/// rewritten as for such a kernel, contains none of that feature's kinds and still loads. The rewrites themselves are
/// checked without a kernel in ManagedBpf.Object.Tests' <c>BtfSanitizerTests</c>.
/// </summary>
public class BtfSanitizerKernelTests
{
    public static TheoryData<string, BtfFeatures> Cases()
    {
        var data = new TheoryData<string, BtfFeatures>();
        var objects = Directory.EnumerateFiles(CorpusPaths.Directory, "*.bpf.o").Append(TestObjects.PathOf("bootstrap.bpf.o"));
        foreach (var path in objects.Order(StringComparer.Ordinal))
        {
            foreach (var missing in Enum.GetValues<BtfFeatures>().Where(f => f is not (BtfFeatures.None or BtfFeatures.All)).Append(BtfFeatures.All))
                data.Add(path, missing);
        }
        return data;
    }

    [KernelTheory]
    [MemberData(nameof(Cases))]
    public void SanitizedBtfLacksTheMissingKindsAndLoads(string objectPath, BtfFeatures missing)
    {
        var spec = ObjectSpec.ParseFile(objectPath);

        var sanitized = BpfObject.PrepareBtf(spec, BtfFeatures.All & ~missing);

        var kinds = Kinds(BtfSpec.Parse(sanitized));
        var forbidden = Forbidden(missing);
        Assert.DoesNotContain(kinds, k => forbidden.Contains(k));
        if (missing.HasFlag(BtfFeatures.Function) && HasUnnamedParameter(BtfSpec.Parse(BpfObject.PrepareBtf(spec, BtfFeatures.All))))
        {
            // libbpf's rewrite (FUNC_PROTO → ENUM, parameters → enumerators) turns a prototype with an unnamed
            // parameter, such as a program array's __array(values, int (void *)), into an enumerator without a name,
            // which the kernel refuses. libbpf then loads the object without BTF, and so does BpfObject.Load.
            var refused = Assert.Throws<BpfVerifierException>(() => BtfHandle.Load(sanitized));
            Assert.Contains("Invalid name", refused.Message);
            return;
        }
        using var handle = BtfHandle.Load(sanitized);
        Assert.NotEqual(0u, handle.Id);
    }

    private static bool HasUnnamedParameter(BtfSpec btf) =>
        Enumerable.Range(1, btf.TypeCount - 1).Any(id => btf.GetType(id) is BtfFunctionProto proto && proto.Parameters.Any(p => p.Name.Length == 0));

    private static HashSet<BtfKind> Forbidden(BtfFeatures missing)
    {
        var kinds = new HashSet<BtfKind>();
        if (missing.HasFlag(BtfFeatures.Function))
            kinds.UnionWith([BtfKind.Function, BtfKind.FunctionProto]);
        if (missing.HasFlag(BtfFeatures.DataSection))
            kinds.UnionWith([BtfKind.Variable, BtfKind.DataSection]);
        if (missing.HasFlag(BtfFeatures.Float))
            kinds.Add(BtfKind.Float);
        if (missing.HasFlag(BtfFeatures.DeclTag))
            kinds.Add(BtfKind.DeclTag);
        if (missing.HasFlag(BtfFeatures.TypeTag))
            kinds.Add(BtfKind.TypeTag);
        if (missing.HasFlag(BtfFeatures.Enum64))
            kinds.Add(BtfKind.Enum64);
        return kinds;
    }

    private static List<BtfKind> Kinds(BtfSpec spec) =>
        Enumerable.Range(1, spec.TypeCount - 1).Select(id => spec.GetType(id).Kind).ToList();
}
