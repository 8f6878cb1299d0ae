using ManagedBpf.Btf;
using ManagedBpf.Externs;
using ManagedBpf.Maps;
using ManagedBpf.Tests.Hardening;
using Xunit;

namespace ManagedBpf.Tests.Externs;

/// <summary>
/// The spec side of externs, without a kernel: which symbols are externs, their kinds and types, libbpf's sort
/// order and the <c>.kconfig</c> layout. The expected orders and offsets are the ones libbpf 1.1 logged for the
/// same objects (bpftool -d prog loadall, "extern (kcfg) #N: symbol S, off O, name X").
/// </summary>
public class ExternLayoutTests
{
    private static ObjectSpec Corpus(string name) => TestObjects.ParseFile(Path.Combine(CorpusPaths.Directory, name));

    [Fact]
    public void KconfigExternsAreLaidOutAsLibbpfLaysThemOut()
    {
        var spec = Corpus("externs_kconfig.bpf.o");

        var layout = spec.Externs.Select(e => (e.Name, e.Offset)).ToArray();

        (string, int)[] libbpf =
        [
            ("CONFIG_LOG_BUF_SHIFT", 0), ("CONFIG_BPF_JIT", 8), ("CONFIG_CORPUS_NO_SUCH_OPTION", 12), ("CONFIG_HZ", 16),
            ("CONFIG_MODULES", 20), ("LINUX_KERNEL_VERSION", 24), ("CONFIG_NR_CPUS", 28), ("CONFIG_BPF_EVENTS", 30),
            ("CONFIG_BPF_SYSCALL", 31), ("LINUX_HAS_BPF_COOKIE", 32), ("LINUX_HAS_SYSCALL_WRAPPER", 33),
            ("LINUX_NO_SUCH_VIRTUAL_EXTERN", 34), ("CONFIG_LOCALVERSION", 35), ("CONFIG_DEFAULT_HOSTNAME", 39),
        ];
        Assert.Equal(libbpf, layout);
    }

    [Fact]
    public void KconfigExternsHaveTheTypesTheirDeclarationsGive()
    {
        var externs = Corpus("externs_kconfig.bpf.o").Externs.ToDictionary(e => e.Name);

        Assert.All(externs.Values, e => Assert.Equal(ExternKind.Kconfig, e.Kind));
        Assert.Equal((KconfigType.Bool, 1), (externs["CONFIG_BPF_SYSCALL"].KconfigType, externs["CONFIG_BPF_SYSCALL"].Size));
        Assert.Equal((KconfigType.Tristate, 4), (externs["CONFIG_BPF_JIT"].KconfigType, externs["CONFIG_BPF_JIT"].Size));
        Assert.Equal(KconfigType.Char, externs["CONFIG_BPF_EVENTS"].KconfigType);
        Assert.Equal((KconfigType.Int, 4, true), (externs["CONFIG_HZ"].KconfigType, externs["CONFIG_HZ"].Size, externs["CONFIG_HZ"].IsSigned));
        Assert.Equal((KconfigType.Int, 2, false), (externs["CONFIG_NR_CPUS"].KconfigType, externs["CONFIG_NR_CPUS"].Size, externs["CONFIG_NR_CPUS"].IsSigned));
        Assert.Equal((KconfigType.Int, 8, 8), (externs["CONFIG_LOG_BUF_SHIFT"].KconfigType, externs["CONFIG_LOG_BUF_SHIFT"].Size, externs["CONFIG_LOG_BUF_SHIFT"].Alignment));
        Assert.Equal((KconfigType.CharArray, 16, 1), (externs["CONFIG_DEFAULT_HOSTNAME"].KconfigType, externs["CONFIG_DEFAULT_HOSTNAME"].Size, externs["CONFIG_DEFAULT_HOSTNAME"].Alignment));
        Assert.True(externs["CONFIG_MODULES"].IsWeak);
        Assert.False(externs["CONFIG_HZ"].IsWeak);
    }

    [Fact]
    public void TheKconfigMapIsReadOnlyFrozenAndNamedAsLibbpfNamesIt()
    {
        var map = Corpus("externs_kconfig.bpf.o").Maps[".kconfig"];

        Assert.Equal("externs.kconfig", map.KernelName);
        Assert.Equal((MapType.Array, 4u, 55u, 1u), (map.Type, map.KeySize, map.ValueSize, map.MaxEntries));
        Assert.Equal(MapFlags.ReadOnlyProgram | MapFlags.Mmapable, map.Flags);
        Assert.True(map.Freeze);
    }

    [Fact]
    public void KsymExternsAreSortedByNameAndTellKfuncsTypedAndTypelessApart()
    {
        var externs = Corpus("externs_ksyms.bpf.o").Externs;

        string[] libbpf =
        [
            "__x64_sys_bpf", "bpf_corpus_no_such_kfunc", "bpf_rcu_read_lock", "bpf_rcu_read_unlock", "bpf_task_acquire",
            "bpf_task_from_pid", "bpf_task_release", "corpus_no_such_ksym", "corpus_no_such_typed_ksym",
        ];
        Assert.Equal(libbpf, externs.Select(e => e.Name));
        Assert.All(externs, e => Assert.Equal(ExternKind.Ksym, e.Kind));
        var byName = externs.ToDictionary(e => e.Name);
        Assert.True(byName["bpf_task_from_pid"].IsFunction);
        Assert.NotEqual(0, byName["bpf_task_from_pid"].TypeId);
        Assert.Equal(0, byName["__x64_sys_bpf"].TypeId);
        Assert.False(byName["corpus_no_such_typed_ksym"].IsFunction);
        Assert.NotEqual(0, byName["corpus_no_such_typed_ksym"].TypeId);
        Assert.True(byName["bpf_corpus_no_such_kfunc"].IsWeak);
        Assert.False(Corpus("externs_ksyms.bpf.o").Maps.ContainsKey(".kconfig"));
    }

    [Fact]
    public void EveryExternReferenceIsAnExternOfTheObject()
    {
        foreach (var name in new[] { "externs_kconfig.bpf.o", "externs_ksyms.bpf.o" })
        {
            var spec = Corpus(name);
            var references = spec.Functions.SelectMany(f => f.References).Where(r => r.Kind == ManagedBpf.Programs.ReferenceKind.Extern).ToList();
            Assert.NotEmpty(references);
            Assert.All(references, r => Assert.Contains(spec.Externs, e => e.Name == r.Target));
        }
    }

    [Fact]
    public void ObjectsWithoutExternsHaveNone()
    {
        Assert.Empty(TestObjects.ParseBootstrap().Externs);
    }

    /// <summary>
    /// A find of the fuzzer: char CONFIG_DEFAULT_HOSTNAME[16] made char[0x7fffffff]. The offsets laid out after it
    /// overflowed, the .kconfig image came out shorter than the externs placed in it, and the load failed with an
    /// ArgumentException. The .kconfig map is bounded as global data is.
    /// </summary>
    [Fact]
    public void AKconfigExternLargerThanAnyMapValueIsAFormatErrorAtItsSymbol()
    {
        var image = File.ReadAllBytes(Path.Combine(CorpusPaths.Directory, "externs_kconfig.bpf.o"));
        var mutated = ObjectPatch.BtfWord(image, btf =>
        {
            var hostname = btf.Raw(btf.FindTypeId("CONFIG_DEFAULT_HOSTNAME", BtfKind.Variable));
            return btf.Raw((int)hostname.SizeOrType).TrailerOffset + 8; // the array's nelems
        }, 0x7fffffff);

        var e = Assert.Throws<BpfFormatException>(() => ObjectSpec.Parse(mutated, "externs"));

        Assert.Equal(".symtab", e.Section);
        Assert.Contains("extern (kcfg) 'CONFIG_DEFAULT_HOSTNAME': size 2147483647 is not a value size", e.Message);
    }
}
