using ManagedBpf.Asm;
using ManagedBpf.Btf;

namespace ManagedBpf.Programs;

/// <summary>
/// One function of the object (an entry program or a <c>.text</c> subprogram): its instruction slots and everything
/// keyed to them — references found in relocation tables, func_info, line_info, CO-RE records — with instruction
/// indices relative to the function's first slot.
/// </summary>
public sealed class BpfFunction
{
    /// <summary>The function's symbol name.</summary>
    public required string Name { get; init; }

    /// <summary>The ELF section its instructions come from (<c>tp/sched/sched_process_exec</c>, <c>.text</c>).</summary>
    public required string SectionName { get; init; }

    /// <summary>Index of the first slot within the section (st_value / 8).</summary>
    public required int SectionStart { get; init; }

    /// <summary>Its instructions as the compiler wrote them, before relocation.</summary>
    public required Instruction[] Instructions { get; init; }

    /// <summary>Map, global-data and call references found in the section's relocation table.</summary>
    public required IReadOnlyList<InstructionReference> References { get; init; }

    /// <summary>Its .BTF.ext func_info records: which instruction starts which BTF FUNC (taken by 5.0+ kernels).</summary>
    public required IReadOnlyList<FuncInfo> FunctionInfos { get; init; }

    /// <summary>Its .BTF.ext line_info records: the source line of instructions, shown in verifier logs (5.0+).</summary>
    public required IReadOnlyList<LineInfo> LineInfos { get; init; }

    /// <summary>Its .BTF.ext CO-RE relocation records, applied against the target kernel's BTF before load.</summary>
    public required IReadOnlyList<CoreRelocationRecord> CoreRelocations { get; init; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({SectionName}+{SectionStart}, {Instructions.Length} instructions)";

    /// <summary>True when section index <paramref name="sectionSlot"/> falls inside this function.</summary>
    internal bool Contains(int sectionSlot) => sectionSlot >= SectionStart && sectionSlot < SectionStart + Instructions.Length;
}

/// <summary>What a relocated instruction refers to.</summary>
public enum ReferenceKind
{
    /// <summary>ld_imm64 of a map defined in <c>.maps</c>: becomes BPF_PSEUDO_MAP_FD.</summary>
    Map,

    /// <summary>ld_imm64 of an address in a global-data section: becomes BPF_PSEUDO_MAP_VALUE plus an offset.</summary>
    GlobalData,

    /// <summary>call of a subprogram: imm becomes the relative slot distance after linking.</summary>
    Call,

    /// <summary>ld_imm64 of a subprogram's address (BPF_PSEUDO_FUNC, callbacks such as bpf_loop).</summary>
    FunctionAddress,

    /// <summary>
    /// ld_imm64 or call of an extern (<see cref="Externs.ExternSpec"/>, named by <see cref="InstructionReference.Target"/>):
    /// a kconfig value, a kernel symbol's address or BTF id, or a kfunc call (BPF_PSEUDO_KFUNC_CALL).
    /// </summary>
    Extern,
}

/// <summary>
/// A relocation resolved to its meaning. <paramref name="Index"/> is relative to the function start;
/// <paramref name="Target"/> is the map name, the data section name, the callee's section name, or the extern's name.
/// <paramref name="Value"/> is, for global data, st_value of the symbol (added to the imm the compiler left);
/// for calls and function addresses, the callee's slot index within <paramref name="Target"/>.
/// </summary>
public readonly record struct InstructionReference(int Index, ReferenceKind Kind, string Target, long Value);
