using ManagedBpf.Programs;

namespace ManagedBpf.Relocation;

/// <summary>
/// Words a load failure caused by CO-RE for a person: which relocation could not be resolved, in which program,
/// for which access path and at which source line — what libbpf prints only at debug level.
/// </summary>
internal static class CoreFailureReport
{
    public static string Describe(ObjectSpec spec, ProgramSpec program, RelocatedProgram linked)
    {
        var poisoned = linked.Poisoned.Select(c =>
        {
            var where = c.Line is { } line && spec.Btf is not null
                ? $" at {spec.Btf.GetString(line.FileNameOffset)}:{line.Line}"
                : "";
            return $"{c.Record.Kind} of {c.LocalAccessPath} (insn #{c.Index}){where} cannot be resolved on this kernel";
        });
        return $"program '{program.Name}': {string.Join("; ", poisoned)}";
    }
}
