using ManagedBpf.Asm;
using ManagedBpf.Btf;

namespace ManagedBpf.Relocation;

/// <summary>
/// An entry program ready for BPF_PROG_LOAD: its subprograms appended, every reference resolved, and its func_info
/// and line_info encoded for the kernel with instruction indices of the final image.
/// </summary>
/// <param name="Instructions">The image.</param>
/// <param name="FuncInfo"><c>struct bpf_func_info</c> records (<see cref="BtfExtEncoding"/>).</param>
/// <param name="LineInfo"><c>struct bpf_line_info</c> records.</param>
/// <param name="Poisoned">The CO-RE relocations that found no target, whose instructions call the invalid helper.</param>
internal sealed record RelocatedProgram(Instruction[] Instructions, byte[] FuncInfo, byte[] LineInfo, IReadOnlyList<PoisonedRelocation> Poisoned);

/// <summary>
/// A CO-RE relocation poisoned at <paramref name="Index"/> of the final image (libbpf bpf_core_poison_insn), with its
/// source line if known: what a person needs when the verifier reaches it.
/// </summary>
internal sealed record PoisonedRelocation(string Function, int Index, CoreRelocationRecord Record, string LocalAccessPath, LineInfo? Line);
