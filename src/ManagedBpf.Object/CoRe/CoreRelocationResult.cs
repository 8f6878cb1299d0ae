using ManagedBpf.Asm;
using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// The outcome of one CO-RE relocation (libbpf bpf_core_calc_relo_insn): the value the compiler put in the
/// instruction, the value for the running kernel, or a decision to poison the instruction.
/// </summary>
public sealed class CoreRelocationResult
{
    /// <summary>libbpf's invalid helper id (0xbad2310, "bad relo"): the verifier reports it only if reachable.</summary>
    public const int PoisonHelperId = 0xbad2310;

    private readonly CoreDecision _decision;

    internal CoreRelocationResult(CoreRelocationRecord record, CoreDecision decision)
    {
        Record = record;
        _decision = decision;
    }

    /// <summary>The relocation this result is for.</summary>
    public CoreRelocationRecord Record { get; }

    /// <summary>No usable target: <see cref="Apply"/> turns the instruction into a call of helper <see cref="PoisonHelperId"/>.</summary>
    public bool Poisoned => _decision.Calculation.Poison;

    /// <summary>The value computed from the object's BTF (what the compiler should have emitted).</summary>
    public ulong OriginalValue => _decision.Calculation.OriginalValue;

    /// <summary>The value for the target kernel.</summary>
    public ulong NewValue => _decision.Calculation.NewValue;

    /// <summary>Whether <see cref="Apply"/> checks the instruction holds <see cref="OriginalValue"/> first.</summary>
    public bool Validate => _decision.Calculation.Validate;

    /// <summary>True when a load/store would have to change width in a value-corrupting way; such LDX/ST/STX are poisoned.</summary>
    public bool FailMemorySizeAdjust => _decision.Calculation.FailMemorySizeAdjust;

    /// <summary>Access size in bytes of the field in the object's BTF (0 when not a sized field access).</summary>
    public uint OriginalSize => _decision.Calculation.OriginalSize;

    /// <summary>Access size in bytes of the field in the target BTF.</summary>
    public uint NewSize => _decision.Calculation.NewSize;

    /// <summary>The local path, e.g. <c>task_struct.real_parent</c>.</summary>
    public string LocalAccessPath => _decision.LocalAccessPath;

    /// <summary>The matching target root type id (in <see cref="TargetBtf"/>), or 0 when none matched.</summary>
    public int TargetTypeId => _decision.Target?.RootTypeId ?? 0;

    /// <summary>The BTF (vmlinux or a module) holding <see cref="TargetTypeId"/>, or null.</summary>
    public BtfSpec? TargetBtf => _decision.Target?.Btf;

    /// <summary>The decision in words, e.g. "task_struct.real_parent: offset 16 -> 1280 (target [114] struct task_struct)".</summary>
    public string Description => _decision.Description;

    /// <inheritdoc/>
    public override string ToString() => Description;

    /// <summary>
    /// Patches <paramref name="instructions"/>[<paramref name="index"/>] as libbpf bpf_core_patch_insn does:
    /// ALU/ALU64 with an immediate get a new imm; LDX/ST/STX get a new offset (and a new access size when the
    /// field's size changed safely); ld_imm64 gets the new 64-bit immediate. A poisoned result, or a memory access
    /// whose size cannot be adjusted, becomes <c>call 0xbad2310</c> (both slots for ld_imm64).
    /// </summary>
    /// <exception cref="CoreRelocationException">The instruction does not hold the expected value or has a form CO-RE cannot patch.</exception>
    public void Apply(Span<Instruction> instructions, int index) => CorePatcher.Patch(_decision, instructions, index);
}
