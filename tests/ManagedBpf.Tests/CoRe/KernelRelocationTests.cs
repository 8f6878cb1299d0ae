using System.Runtime.InteropServices;
using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Kernel;
using ManagedBpf.Tests.Btf;
using Xunit;

namespace ManagedBpf.Tests.CoRe;

/// <summary>
/// Relocates the committed bootstrap.bpf.o against the running kernel's BTF and checks every result against an
/// independent walk of the decoded type model (the same answers `bpftool -d prog loadall` prints).
/// </summary>
public class KernelRelocationTests
{
    private const string VmlinuxPath = "/sys/kernel/btf/vmlinux";
    private static readonly TestElf Elf = TestElf.Bootstrap();

    [KernelFact]
    public void FindsTaskStructInVmlinux()
    {
        var kernel = KernelBtf.LoadVmlinux(VmlinuxPath);
        Assert.True(kernel.TypeCount > 10_000);
        var id = kernel.FindTypeId("task_struct", BtfKind.Struct);
        var task = Assert.IsType<BtfComposite>(kernel.GetType(id));
        Assert.True(task.Size > 1000);
        Assert.NotNull(FindMemberBitOffset(kernel, id, "real_parent"));
        // The mapping is shared: loading again gives the same bytes.
        Assert.True(KernelBtf.LoadVmlinux(VmlinuxPath).RawBytes.Span == kernel.RawBytes.Span);
    }

    [KernelFact]
    public void BootstrapRelocationsMatchTheKernelLayout()
    {
        var local = BtfSpec.Parse(Elf.Section(".BTF"));
        var ext = BtfExt.Parse(Elf.Section(".BTF.ext"), local);
        var kernel = KernelBtf.LoadVmlinux(VmlinuxPath);
        var relocator = new CoreRelocator(local, kernel);
        var seen = 0;
        foreach (var (section, records) in ext.CoreRelocations)
        {
            var instructions = MemoryMarshal.Cast<byte, Instruction>(Elf.Section(section).ToArray().AsSpan());
            foreach (var record in records)
            {
                var result = relocator.Resolve(record);
                var localType = local.GetType((int)record.TypeId);
                var access = local.GetString(record.AccessStringOffset);
                var memberIndex = int.Parse(access.Split(':')[1]);
                var memberName = ((BtfComposite)localType).Members[memberIndex].Name;

                var targetId = kernel.FindTypeId(localType.Name, BtfKind.Struct);
                var expected = FindMemberBitOffset(kernel, targetId, memberName)!.Value / 8;
                Assert.False(result.Poisoned);
                Assert.Equal(targetId, result.TargetTypeId);
                Assert.Equal((ulong)expected, result.NewValue);
                Assert.Equal($"{localType.Name}.{memberName}", result.LocalAccessPath);
                Assert.StartsWith($"{localType.Name}.{memberName}: offset {result.OriginalValue} -> {expected} (target [{targetId}] struct {localType.Name}", result.Description);

                var index = (int)(record.InstructionOffset / 8);
                result.Apply(instructions, index);
                var patched = instructions[index];
                Assert.Equal(expected, patched.Class == InstructionClass.LoadX ? patched.Offset : patched.Immediate);
                seen++;
            }
        }

        // three in each of the two tracepoint programs and in each of their raw tracepoint twins
        Assert.Equal(12, seen);
    }

    [KernelFact]
    public void MappedAndReadBytesParseTheSame()
    {
        var mapped = KernelBtf.LoadVmlinux(VmlinuxPath);
        var read = BtfSpec.Parse(File.ReadAllBytes(VmlinuxPath));
        Assert.Equal(read.TypeCount, mapped.TypeCount);
        Assert.True(read.RawBytes.Span.SequenceEqual(mapped.RawBytes.Span));
        var id = read.FindTypeId("trace_event_raw_sched_process_exec", BtfKind.Struct);
        Assert.Equal(id, mapped.FindTypeId("trace_event_raw_sched_process_exec", BtfKind.Struct));
        Assert.Equal(8, FindMemberBitOffset(read, id, "__data_loc_filename") / 8);
    }

    [KernelFact]
    public void ParsingVmlinuxAndRelocatingStaysLean()
    {
        var local = BtfSpec.Parse(Elf.Section(".BTF"));
        var ext = BtfExt.Parse(Elf.Section(".BTF.ext"), local);
        var records = ext.CoreRelocations.Values.SelectMany(r => r).ToArray();
        _ = KernelBtf.LoadVmlinux(VmlinuxPath); // warm up: JIT and the one-time mapping

        var before = GC.GetAllocatedBytesForCurrentThread();
        var relocator = new CoreRelocator(local, KernelBtf.LoadVmlinux(VmlinuxPath));
        foreach (var record in records)
            relocator.Resolve(record);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // The design goal is 2 MiB for vmlinux (~130k types) plus the tracer's relocations.
        Assert.True(allocated < 2 * 1024 * 1024, $"allocated {allocated} bytes");
    }

    /// <summary>Member bit offset by name, looking through anonymous members: a deliberately simple second implementation.</summary>
    internal static long? FindMemberBitOffset(BtfSpec spec, int compositeId, string name)
    {
        if (spec.GetType(spec.ResolveType(compositeId)) is not BtfComposite composite)
            return null;
        foreach (var member in composite.Members)
        {
            if (member.Name == name)
                return member.BitOffset;
            if (member.Name.Length == 0 && FindMemberBitOffset(spec, member.TypeId, name) is { } inner)
                return member.BitOffset + inner;
        }

        return null;
    }
}
