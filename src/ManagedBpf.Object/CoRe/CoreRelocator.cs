using ManagedBpf.Btf;

namespace ManagedBpf.CoRe;

/// <summary>
/// Resolves CO-RE relocations of one object against the kernel's BTF (libbpf bpf_core_resolve_relo and
/// bpf_core_calc_relo_insn). Pure: it reads BTF and returns results; the caller patches instructions.
/// </summary>
/// <remarks>
/// Candidates are found once per local root type and cached, like libbpf's per-object cand_cache: first in
/// vmlinux, and only if vmlinux has none, in each module's own types. As in libbpf, a relocation that matches
/// some candidates prunes the cached list to those, so later relocations of the same type see only them.
/// Not thread-safe (the cache is mutated); use one relocator per object load. The specs themselves are immutable.
/// Derived from libbpf's relo_core.c (LGPL-2.1 OR BSD-2-Clause) semantics; no code was copied.
/// </remarks>
public sealed class CoreRelocator
{
    private readonly BtfSpec _local;
    private readonly BtfSpec _target;
    private readonly Func<IReadOnlyList<BtfSpec>> _loadModules;
    private readonly Dictionary<int, List<Candidate>> _candidates = [];
    private IReadOnlyList<BtfSpec>? _modules;

    /// <summary>Relocates against <paramref name="target"/> (normally vmlinux) only.</summary>
    public CoreRelocator(BtfSpec local, BtfSpec target)
        : this(local, target, static () => [])
    {
    }

    /// <summary>Relocates against vmlinux, falling back to module BTFs (split over <paramref name="target"/>).</summary>
    public CoreRelocator(BtfSpec local, BtfSpec target, IReadOnlyList<BtfSpec> modules)
        : this(local, target, () => modules)
    {
    }

    /// <summary>
    /// Relocates against vmlinux; <paramref name="loadModules"/> (e.g. <c>KernelBtf.LoadModules</c>) runs
    /// at most once, the first time a type has no candidate in vmlinux, as libbpf's load_module_btfs does.
    /// </summary>
    public CoreRelocator(BtfSpec local, BtfSpec target, Func<IReadOnlyList<BtfSpec>> loadModules)
    {
        _local = local;
        _target = target;
        _loadModules = loadModules;
    }

    private readonly record struct Candidate(BtfSpec Btf, int Id);

    /// <summary>Computes the relocation; call <see cref="CoreRelocationResult.Apply"/> to patch the instruction.</summary>
    /// <exception cref="CoreRelocationException">libbpf would fail the load (malformed spec, ambiguity, anonymous type).</exception>
    /// <exception cref="BpfFormatException">The local BTF is malformed.</exception>
    public CoreRelocationResult Resolve(CoreRelocationRecord record)
    {
        var localType = _local.Raw((int)record.TypeId);
        var localSpec = CoreSpecParser.Parse(_local, record);
        var path = localSpec.Describe();

        if (record.Kind == CoreRelocationKind.TypeIdLocal)
        {
            // Never looked up in the target and never validated: the id may have moved during static linking.
            var local = new CoreCalculation { OriginalValue = record.TypeId, NewValue = record.TypeId, Validate = false };
            return new CoreRelocationResult(record, local, path, 0, null, $"{path}: local type id {record.TypeId}");
        }

        var localName = _local.GetStringBytes(localType.NameOffset);
        if (localName.IsEmpty)
            throw new CoreRelocationException($"<{CoreKinds.Name(record.Kind)}> relocation of anonymous type [{record.TypeId}] is not supported");

        var candidates = Candidates((int)record.TypeId, localType.Kind, localName);
        CoreSpec? chosenSpec = null;
        CoreCalculation chosen = default;
        Candidate chosenCandidate = default;
        var kept = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            var spec = CoreSpecMatcher.Match(localSpec, candidate.Btf, candidate.Id);
            if (spec is null)
                continue;
            var calculation = CoreCalculator.Calculate(record, localSpec, spec);
            if (chosenSpec is null)
            {
                chosenSpec = spec;
                chosen = calculation;
                chosenCandidate = candidate;
            }
            else if (spec.BitOffset != chosenSpec.BitOffset)
            {
                throw new CoreRelocationException($"{path}: field offset ambiguity: {spec.BitOffset} != {chosenSpec.BitOffset} (candidates [{chosenCandidate.Id}] and [{candidate.Id}])");
            }
            else if (calculation.Poison != chosen.Poison || calculation.NewValue != chosen.NewValue)
            {
                throw new CoreRelocationException($"{path}: relocation decision ambiguity: {Decision(calculation)} != {Decision(chosen)} (candidates [{chosenCandidate.Id}] and [{candidate.Id}])");
            }

            candidates[kept++] = candidate;
        }

        // libbpf keeps only the matching candidates for later relocations of this type, unless none matched.
        if (kept > 0)
            candidates.RemoveRange(kept, candidates.Count - kept);
        if (chosenSpec is null)
            chosen = CoreCalculator.Calculate(record, localSpec, null);

        var targetBtf = chosenSpec?.Btf;
        var targetId = chosenSpec?.RootTypeId ?? 0;
        return new CoreRelocationResult(record, chosen, path, targetId, targetBtf, Describe(record, path, localSpec, chosen, chosenSpec));
    }

    private static string Decision(CoreCalculation c) => c.Poison ? "failure" : $"success {c.NewValue}";

    private List<Candidate> Candidates(int localId, BtfKind kind, ReadOnlySpan<byte> localName)
    {
        if (_candidates.TryGetValue(localId, out var cached))
            return cached;

        var essential = localName[..BtfNames.EssentialLength(localName)];
        var ids = new List<int>();
        _target.FindCandidates(essential, kind, ownOnly: false, ids);
        var candidates = ids.ConvertAll(id => new Candidate(_target, id));
        // Module BTF is searched only when vmlinux has no candidate at all; then every module contributes its
        // own types (libbpf bpf_core_find_cands starts each at btf__type_cnt(vmlinux)).
        if (candidates.Count == 0)
        {
            _modules ??= _loadModules();
            foreach (var module in _modules)
            {
                ids.Clear();
                module.FindCandidates(essential, kind, ownOnly: true, ids);
                candidates.AddRange(ids.ConvertAll(id => new Candidate(module, id)));
            }
        }

        _candidates[localId] = candidates;
        return candidates;
    }

    private static string Describe(CoreRelocationRecord record, string path, CoreSpec local, CoreCalculation result, CoreSpec? target)
    {
        var what = record.Kind switch
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
            _ => CoreKinds.Name(record.Kind),
        };
        if (target is null)
        {
            return result.Poison
                ? $"{path}: {what} {result.OriginalValue} -> poisoned (no matching target, local {local.RawString})"
                : $"{path}: {what} {result.OriginalValue} -> {result.NewValue} (no matching target)";
        }

        var root = target.Btf.Raw(target.RootTypeId);
        var kind = root.Kind.ToString().ToLowerInvariant();
        var name = target.Btf.GetString(root.NameOffset);
        var raw = target.Raw.Count > 0 ? $", {target.RawString}" : "";
        return $"{path}: {what} {result.OriginalValue} -> {result.NewValue} (target [{target.RootTypeId}] {kind} {name}{raw})";
    }
}
