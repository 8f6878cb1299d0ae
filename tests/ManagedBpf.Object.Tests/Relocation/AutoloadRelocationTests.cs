using System.Text.RegularExpressions;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Externs;
using ManagedBpf.Relocation;
using Xunit;

namespace ManagedBpf.Tests.Relocation;

/// <summary>
/// libbpf's autoload semantics for CO-RE (bpf_object__relocate_core skips programs whose autoload is off): a program
/// left out is not relocated, so a relocation that cannot apply in it never fails a load; turned on, it fails, and
/// the message names its instruction. bpf/testdata/autoload.bpf.c's <c>never_loaded</c> asks for the lshift of an
/// array element, which no target satisfies. The object's own BTF stands in for the kernel's, so every other
/// relocation resolves to itself.
/// </summary>
public class AutoloadRelocationTests
{
    private readonly ObjectSpec _spec = TestObjects.ParseFile(Path.Combine(CorpusPaths.Directory, "autoload.bpf.o"));

    [Fact]
    public void AProgramWhoseAutoloadIsOffIsNotRelocated()
    {
        Assert.False(_spec.Programs["never_loaded"].AutoLoad);
        var relocator = Relocator(_spec);

        relocator.RelocateCore();
        var linked = relocator.Link(_spec.Programs["autoload_on"]);

        var callee = _spec.Functions.Single(f => f.Name == "parent_tgid");
        Assert.Equal(_spec.Programs["autoload_on"].Instructions.Length + callee.Instructions.Length, linked.Instructions.Length);
        Assert.Empty(linked.Poisoned);
    }

    [Fact]
    public void TurnedOnItFailsNamingTheInstructionOfTheRelocation()
    {
        _spec.Programs["never_loaded"].AutoLoad = true;
        var lshift = _spec.Programs["never_loaded"].Function.CoreRelocations.Single(r => r.Kind == CoreRelocationKind.FieldLShiftU64);

        var e = Assert.Throws<CoreRelocationException>(Relocator(_spec).RelocateCore);

        Assert.Contains("function 'never_loaded'", e.Message);
        Assert.Contains("can't be applied to array access", e.Message);
        Assert.Contains("autoload.bpf.c:", e.Message);
        // Every instruction number the message gives is the relocated instruction's index in its function.
        var numbers = Regex.Matches(e.Message, @"insn #(\d+)").Select(m => uint.Parse(m.Groups[1].Value));
        Assert.Equal([lshift.InstructionOffset], numbers);
    }

    [Fact]
    public void TurnedOffByTheCallerAProgramIsNotRelocatedEither()
    {
        _spec.Programs["never_loaded"].AutoLoad = true;
        var copy = _spec.Copy();
        copy.Programs["never_loaded"].AutoLoad = false;

        Relocator(copy).RelocateCore();
        Assert.Throws<CoreRelocationException>(Relocator(_spec).RelocateCore);
    }

    [Fact]
    public void TextFunctionsAreRelocatedWhateverCallsThem()
    {
        var text = _spec.Functions.Single(f => f.Name == "parent_tgid");
        _spec.Programs["autoload_on"].AutoLoad = false;

        Assert.True(ProgramRelocator.WillLoad(_spec, text));
        Assert.False(ProgramRelocator.WillLoad(_spec, _spec.Programs["autoload_on"].Function));
        Assert.False(ProgramRelocator.WillLoad(_spec, _spec.Programs["never_loaded"].Function));
    }

    private static ProgramRelocator Relocator(ObjectSpec spec) =>
        new(spec, _ => 3, new CoreRelocator(spec.Btf!, spec.Btf!), new ResolvedExterns([], new Dictionary<string, ResolvedKsym>()), log: null);
}
