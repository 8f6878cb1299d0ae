using ManagedBpf.Btf;
using Xunit;

namespace ManagedBpf.Tests.Btf;

/// <summary>Parses the committed bootstrap.bpf.o's .BTF and .BTF.ext (built from bpf/bootstrap.bpf.c by clang).</summary>
public class ObjectBtfTests
{
    private static readonly TestElf Elf = TestElf.Bootstrap();
    private static readonly BtfSpec Spec = BtfSpec.Parse(Elf.Section(".BTF"));

    [Fact]
    public void MapsAreVariablesOfTheMapsDataSection()
    {
        var maps = Assert.IsType<BtfDataSection>(Spec.GetType(Spec.FindTypeId(".maps", BtfKind.DataSection)));
        Assert.Equal(0u, maps.Size); // clang leaves it for the loader
        var names = maps.Variables.Select(v => Spec.GetType(v.TypeId).Name).ToArray();
        Assert.Equal(["exec_start", "rb", "lost_events"], names);
        Assert.Equal([32u, 16u, 32u], maps.Variables.Select(v => v.Size));

        var execStart = Assert.IsType<BtfVariable>(Spec.GetType(maps.Variables[0].TypeId));
        Assert.Equal(BtfVariableLinkage.GlobalAllocated, execStart.Linkage);
        var definition = Assert.IsType<BtfComposite>(Spec.GetType(execStart.TypeId));
        Assert.Equal(["type", "max_entries", "key", "value"], definition.Members.Select(m => m.Name));
        Assert.Equal(32u, definition.Size);

        // __uint(max_entries, 8192) is encoded as a pointer to an array of 8192 ints.
        var maxEntries = Assert.IsType<BtfPointer>(Spec.GetType(definition.Members[1].TypeId));
        Assert.Equal(8192u, Assert.IsType<BtfArray>(Spec.GetType(maxEntries.TargetId)).Count);
        // __type(key, pid_t) is a pointer to the typedef.
        var key = Assert.IsType<BtfPointer>(Spec.GetType(definition.Members[2].TypeId));
        Assert.Equal("pid_t", Spec.GetType(key.TargetId).Name);
        Assert.Equal(4, Spec.SizeOf(key.TargetId));
    }

    [Fact]
    public void DecodesStructsTypedefsAndQualifiers()
    {
        var task = Assert.IsType<BtfComposite>(Spec.GetType(Spec.FindTypeId("task_struct", BtfKind.Struct)));
        // vmlinux.h's task_struct: bootstrap's four members first, then what lifecycle.bpf.c reads
        Assert.Equal(96u, task.Size);
        Assert.Equal(new BtfMember("real_parent", task.Members[3].TypeId, 128, 0), task.Members[3]);
        Assert.IsType<BtfPointer>(Spec.GetType(task.Members[3].TypeId));

        var u64 = Spec.FindTypeId("u64", BtfKind.Typedef);
        var resolved = Assert.IsType<BtfInt>(Spec.GetType(Spec.ResolveType(u64)));
        Assert.Equal("unsigned long long", resolved.Name);
        Assert.Equal(64u, resolved.Bits);
        Assert.Equal(BtfIntEncoding.None, resolved.Encoding);
        Assert.Equal(BtfIntEncoding.Signed, Assert.IsType<BtfInt>(Spec.GetType(Spec.FindTypeId("int", BtfKind.Int))).Encoding);

        var minDuration = Assert.IsType<BtfVariable>(Spec.GetType(Spec.FindTypeId("min_duration_ns", BtfKind.Variable)));
        var constType = Assert.IsType<BtfQualifier>(Spec.GetType(minDuration.TypeId));
        Assert.Equal(BtfKind.Const, constType.Kind);
        Assert.Equal(8, Spec.SizeOf(minDuration.TypeId));
        Assert.Equal(resolved.Id, Spec.ResolveType(minDuration.TypeId));

        var license = Assert.IsType<BtfVariable>(Spec.GetType(Spec.FindTypeId("LICENSE", BtfKind.Variable)));
        Assert.Equal(13, Spec.SizeOf(license.TypeId));
    }

    [Fact]
    public void DecodesFunctions()
    {
        var exec = Assert.IsType<BtfFunction>(Spec.GetType(Spec.FindTypeId("handle_exec", BtfKind.Function)));
        Assert.Equal(BtfFunctionLinkage.Global, exec.Linkage);
        var proto = Assert.IsType<BtfFunctionProto>(Spec.GetType(exec.ProtoId));
        Assert.Equal("int", Spec.GetType(proto.ReturnId).Name);
        var ctx = Assert.Single(proto.Parameters);
        Assert.Equal("ctx", ctx.Name);
        var pointer = Assert.IsType<BtfPointer>(Spec.GetType(ctx.TypeId));
        Assert.Equal("trace_event_raw_sched_process_exec", Spec.GetType(pointer.TargetId).Name);
    }

    [Fact]
    public void FindsByNameAcrossKinds()
    {
        Assert.Equal(-1, Spec.FindTypeId("task_struct", BtfKind.Union));
        Assert.Equal(-1, Spec.FindTypeId("no_such_type", BtfKind.Struct));
        Assert.Single(Spec.FindTypeIdsByName("pid_t"));
        Assert.Empty(Spec.FindTypeIdsByName("pid")); // a member name, not a type
        Assert.Equal(0, Spec.GetType(0).Id);
        Assert.Equal(BtfKind.Unknown, Spec.GetType(0).Kind);
    }

    [Fact]
    public void ParsesBtfExt()
    {
        var ext = BtfExt.Parse(Elf.Section(".BTF.ext"), Spec);
        Assert.Equal(["?raw_tp/sched_process_exec", "?raw_tp/sched_process_exit", "tp/sched/sched_process_exec", "tp/sched/sched_process_exit"],
            ext.FunctionInfos.Keys.Order(StringComparer.Ordinal));

        var exec = Assert.Single(ext.FunctionInfos["tp/sched/sched_process_exec"]);
        Assert.Equal(0u, exec.InstructionOffset);
        Assert.Equal("handle_exec", Spec.GetType((int)exec.TypeId).Name);

        var lines = ext.LineInfos["tp/sched/sched_process_exec"];
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal(0u, l.InstructionOffset % 8));
        Assert.Contains("bootstrap.bpf.c", Spec.GetString(lines[0].FileNameOffset));
        Assert.Equal(lines.Select(l => l.InstructionOffset).Order(), lines.Select(l => l.InstructionOffset));
        Assert.Contains(lines, l => Spec.GetString(l.LineOffset).Contains("BPF_CORE_READ(task, real_parent, tgid)") && l.Line == 65);

        var relocations = ext.CoreRelocations["tp/sched/sched_process_exec"];
        Assert.Equal(3, relocations.Count);
        Assert.All(relocations, r => Assert.Equal(CoreRelocationKind.FieldByteOffset, r.Kind));
        Assert.Equal(["0:1", "0:3", "0:1"], relocations.Select(r => Spec.GetString(r.AccessStringOffset)));
        Assert.Equal(["trace_event_raw_sched_process_exec", "task_struct", "task_struct"], relocations.Select(r => Spec.GetType((int)r.TypeId).Name));
        Assert.Equal(43u * 8, relocations[1].InstructionOffset); // real_parent, insn #43 of handle_exec
        Assert.Equal(3, ext.CoreRelocations["tp/sched/sched_process_exit"].Count);
    }

    [Fact]
    public void EncodesKernelRecords()
    {
        var funcs = new byte[2 * BtfExtEncoding.FuncInfoSize];
        BtfExtEncoding.Write(funcs, new FuncInfo(0, 32));
        BtfExtEncoding.Write(funcs.AsSpan(BtfExtEncoding.FuncInfoSize), new FuncInfo(7, 40));
        Assert.Equal([0, 0, 0, 0, 32, 0, 0, 0, 7, 0, 0, 0, 40, 0, 0, 0], funcs);
        var lines = new byte[BtfExtEncoding.LineInfoSize];
        BtfExtEncoding.Write(lines, new LineInfo(3, 1, 2, (54u << 10) | 5));
        Assert.Equal(3, BitConverter.ToInt32(lines, 0));
        Assert.Equal((54u << 10) | 5, BitConverter.ToUInt32(lines, 12));
    }

    [Fact]
    public void FixesDataSectionsFromTheElf()
    {
        var fixedBytes = BtfFixups.FixDataSections(Spec, Elf.SectionSize, (_, name) => Elf.VariableOffset(name));
        var spec = BtfSpec.Parse(fixedBytes);
        var maps = Assert.IsType<BtfDataSection>(spec.GetType(spec.FindTypeId(".maps", BtfKind.DataSection)));
        Assert.Equal(80u, maps.Size);
        Assert.Equal([0u, 32u, 48u], maps.Variables.Select(v => v.Offset));
        var rodata = Assert.IsType<BtfDataSection>(spec.GetType(spec.FindTypeId(".rodata", BtfKind.DataSection)));
        Assert.Equal(16u, rodata.Size);
        var license = Assert.IsType<BtfDataSection>(spec.GetType(spec.FindTypeId("license", BtfKind.DataSection)));
        Assert.Equal(13u, license.Size);
        // The source spec is untouched.
        Assert.Equal(0u, Assert.IsType<BtfDataSection>(Spec.GetType(maps.Id)).Size);
    }

    [Fact]
    public void FixupRejectsMissingSectionsAndSymbols()
    {
        Assert.Throws<BpfFormatException>(() => BtfFixups.FixDataSections(Spec, _ => null, (_, n) => Elf.VariableOffset(n)));
        Assert.Throws<BpfFormatException>(() => BtfFixups.FixDataSections(Spec, Elf.SectionSize, (_, _) => null));
    }

    [Fact]
    public void HiddenSymbolsBecomeStatic()
    {
        var fixedBytes = BtfFixups.FixDataSections(Spec, Elf.SectionSize, (_, n) => Elf.VariableOffset(n), (_, n) => n == "min_duration_ns");
        var spec = BtfSpec.Parse(fixedBytes);
        var variable = Assert.IsType<BtfVariable>(spec.GetType(spec.FindTypeId("min_duration_ns", BtfKind.Variable)));
        Assert.Equal(BtfVariableLinkage.Static, variable.Linkage);
    }
}
