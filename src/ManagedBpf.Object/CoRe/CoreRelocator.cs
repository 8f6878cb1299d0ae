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
/// Each access (root type, access string, kind) is decided once (<see cref="CoreDecision"/>).
/// Not thread-safe (the caches are mutated); use one relocator per object load. The specs themselves are immutable.
/// Derived from libbpf's relo_core.c (LGPL-2.1 OR BSD-2-Clause) semantics; no code was copied.
/// </remarks>
public sealed class CoreRelocator
{
    private readonly BtfSpec _local;
    private readonly BtfSpec _target;
    private readonly Func<IReadOnlyList<BtfSpec>> _loadModules;
    private readonly Dictionary<int, List<Candidate>> _candidates = [];
    private readonly Dictionary<Access, CoreDecision> _decisions = [];
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

    /// <summary>A relocation's access: what its decision depends on (all but the instruction it patches).</summary>
    private readonly record struct Access(uint TypeId, uint AccessStringOffset, CoreRelocationKind Kind);

    /// <summary>Computes the relocation; call <see cref="CoreRelocationResult.Apply"/> to patch the instruction.</summary>
    /// <exception cref="CoreRelocationException">libbpf would fail the load (malformed spec, ambiguity, anonymous type).
    /// The message names no instruction: the caller knows which instruction the record's offset means.</exception>
    /// <exception cref="BpfFormatException">The local BTF is malformed.</exception>
    public CoreRelocationResult Resolve(CoreRelocationRecord record) => new(record, Decide(record));

    /// <summary>
    /// The decision for <paramref name="record"/>'s access, made once per access (<see cref="CoreDecision"/>): the
    /// same as libbpf makes for every record, since an access decided once keeps, of the cached candidates, only
    /// those matching it, and every later pruning leaves a subset of them.
    /// </summary>
    internal CoreDecision Decide(CoreRelocationRecord record)
    {
        var access = new Access(record.TypeId, record.AccessStringOffset, record.Kind);
        if (!_decisions.TryGetValue(access, out var decision))
        {
            decision = Calculate(record);
            _decisions.Add(access, decision);
        }
        return decision;
    }

    private CoreDecision Calculate(CoreRelocationRecord record)
    {
        var localType = _local.Raw((int)record.TypeId);
        var localSpec = CoreSpecParser.Parse(_local, record);

        if (record.Kind == CoreRelocationKind.TypeIdLocal)
        {
            // Never looked up in the target and never validated: the id may have moved during static linking.
            return new CoreDecision(new CoreCalculation { OriginalValue = record.TypeId, NewValue = record.TypeId, Validate = false }, localSpec, null);
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
                throw new CoreRelocationException($"{localSpec.Describe()}: field offset ambiguity: {spec.BitOffset} != {chosenSpec.BitOffset} (candidates [{chosenCandidate.Id}] and [{candidate.Id}])");
            }
            else if (calculation.Poison != chosen.Poison || calculation.NewValue != chosen.NewValue)
            {
                throw new CoreRelocationException($"{localSpec.Describe()}: relocation decision ambiguity: {Decision(calculation)} != {Decision(chosen)} (candidates [{chosenCandidate.Id}] and [{candidate.Id}])");
            }

            candidates[kept++] = candidate;
        }

        // libbpf keeps only the matching candidates for later relocations of this type, unless none matched.
        if (kept > 0)
            candidates.RemoveRange(kept, candidates.Count - kept);
        if (chosenSpec is null)
            chosen = CoreCalculator.Calculate(record, localSpec, null);
        return new CoreDecision(chosen, localSpec, chosenSpec);
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
}
