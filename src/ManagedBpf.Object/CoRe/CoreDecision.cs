using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// What one access (root type, access string, relocation kind) relocates to on the target: the values, or poison,
/// and the specs they came from. libbpf computes it afresh for every relocation record, but it depends on nothing
/// else, and big objects repeat the same accesses thousands of times (tracee's 34,700 records name a few thousand
/// accesses), so <see cref="CoreRelocator"/> decides each access once. The words for logs and errors are made only
/// when asked for.
/// </summary>
internal sealed class CoreDecision(CoreCalculation calculation, CoreSpec local, CoreSpec? target)
{
    private readonly CoreCalculation _calculation = calculation;
    private string? _localAccessPath;
    private string? _description;

    /// <summary>What to check in and write into the instruction.</summary>
    public ref readonly CoreCalculation Calculation => ref _calculation;

    /// <summary>The access in the object's BTF.</summary>
    public CoreSpec Local { get; } = local;

    /// <summary>The matching access in the target BTF, or null when no candidate matched.</summary>
    public CoreSpec? Target { get; } = target;

    /// <summary>The local path, e.g. <c>task_struct.real_parent</c>.</summary>
    public string LocalAccessPath => _localAccessPath ??= Local.Describe();

    /// <summary>The decision in words, e.g. "task_struct.real_parent: offset 16 -> 1280 (target [114] struct task_struct, 0:95)".</summary>
    public string Description => _description ??= Describe();

    private string Describe()
    {
        var path = LocalAccessPath;
        var result = _calculation;
        if (Local.Kind == CoreRelocationKind.TypeIdLocal)
            return $"{path}: local type id {Local.RootTypeId}";
        var what = Local.Kind switch
        {
            CoreRelocationKind.FieldByteOffset => "offset",
            CoreRelocationKind.FieldByteSize => "size",
            CoreRelocationKind.FieldExists => "exists",
            CoreRelocationKind.FieldSigned => "signed",
            CoreRelocationKind.FieldLShiftU64 => "lshift",
            CoreRelocationKind.FieldRShiftU64 => "rshift",
            CoreRelocationKind.TypeIdTarget => "target type id",
            CoreRelocationKind.TypeExists => "type exists",
            CoreRelocationKind.TypeSize => "type size",
            CoreRelocationKind.EnumValueExists => "enumerator exists",
            CoreRelocationKind.EnumValue => "enumerator value",
            CoreRelocationKind.TypeMatches => "type matches",
            _ => CoreKinds.Name(Local.Kind),
        };
        if (Target is null)
        {
            return result.Poison
                ? $"{path}: {what} {result.OriginalValue} -> poisoned (no matching target, local {Local.RawString})"
                : $"{path}: {what} {result.OriginalValue} -> {result.NewValue} (no matching target)";
        }

        var root = Target.Btf.Raw(Target.RootTypeId);
        var kind = root.Kind.ToString().ToLowerInvariant();
        var name = Target.Btf.GetString(root.NameOffset);
        var raw = Target.Raw.Count > 0 ? $", {Target.RawString}" : "";
        return $"{path}: {what} {result.OriginalValue} -> {result.NewValue} (target [{Target.RootTypeId}] {kind} {name}{raw})";
    }
}
