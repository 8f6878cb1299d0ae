using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;

namespace ManagedBpf.Relocation;

/// <summary>
/// An entry program ready for BPF_PROG_LOAD: its subprograms appended, every reference resolved, and the
/// func_info/line_info records rebased to instruction indices of the final image.
/// </summary>
internal sealed record RelocatedProgram(
    Instruction[] Instructions,
    IReadOnlyList<FuncInfo> FunctionInfos,
    IReadOnlyList<LineInfo> LineInfos,
    IReadOnlyList<AppliedCoreRelocation> CoreRelocations);

/// <summary>A CO-RE relocation as applied at <paramref name="Index"/> of the final image, with its source line if known.</summary>
internal sealed record AppliedCoreRelocation(string Function, int Index, CoreRelocationRecord Record, CoreRelocationResult Result, LineInfo? Line);
