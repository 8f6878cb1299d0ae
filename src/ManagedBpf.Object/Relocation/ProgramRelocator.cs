using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Elf;
using ManagedBpf.Externs;
using ManagedBpf.Programs;

namespace ManagedBpf.Relocation;

/// <summary>
/// Produces loadable instruction images, following libbpf's bpf_object__relocate: CO-RE relocations are resolved
/// for each function that will load (<see cref="RelocateCore"/>), then each entry program gets its callees
/// appended depth-first in call-site order (bpf_object__reloc_code), CO-RE decisions patched in, map / global-data
/// references become BPF_PSEUDO_MAP_FD / _VALUE loads, and externs take the values the kernel gave them.
/// The order matters: the kernel's program tag is computed over the final image, so it must equal libbpf's.
/// </summary>
/// <remarks>
/// libbpf patches CO-RE into a relocated copy of each function and appends the copies; here the decisions (made
/// once per access, <see cref="CoreDecision"/>) are patched straight into each program's image, so no relocated
/// copy of the object's code outlives the call that needs it.
/// </remarks>
internal sealed class ProgramRelocator
{
    private readonly ObjectSpec _spec;
    private readonly Func<string, int> _mapFd;
    private readonly CoreRelocator? _core;
    private readonly Dictionary<string, ExternSpec> _externSpecs;
    private readonly ResolvedExterns _externs;
    private readonly Action<string>? _log;

    /// <summary>The functions of each executable section, in slot order, for finding a call's callee.</summary>
    private readonly Dictionary<string, BpfFunction[]> _sections;

    /// <param name="spec">The object.</param>
    /// <param name="mapFd">The fd of a created map, by map name.</param>
    /// <param name="core">Resolves CO-RE relocations against the target kernel; null when the object has none.</param>
    /// <param name="externs">The values of the object's externs on the target kernel.</param>
    /// <param name="log">Receives one line per CO-RE relocation applied, or null.</param>
    public ProgramRelocator(ObjectSpec spec, Func<string, int> mapFd, CoreRelocator? core, ResolvedExterns externs, Action<string>? log)
    {
        _spec = spec;
        _mapFd = mapFd;
        _core = core;
        _externs = externs;
        _log = log;
        _externSpecs = spec.Externs.ToDictionary(e => e.Name, StringComparer.Ordinal);
        _sections = spec.Functions.GroupBy(f => f.SectionName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(f => f.SectionStart).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The functions whose CO-RE relocations a load applies, as libbpf's bpf_object__relocate_core chooses them:
    /// every entry program whose autoload is on, and every <c>.text</c> function (subprograms keep autoload on,
    /// whichever programs call them). A program left out is never relocated, so it cannot make a load fail.
    /// </summary>
    public static bool WillLoad(ObjectSpec spec, BpfFunction function) =>
        function.SectionName == SectionNames.Text || (spec.Programs.TryGetValue(function.Name, out var program) && program.AutoLoad);

    /// <summary>
    /// Resolves and applies (to a scratch copy) the CO-RE relocations of every function that will load, in section
    /// order, as libbpf does before loading any program: a relocation libbpf would refuse fails here, before the
    /// kernel has verified anything. Writes the log line of each relocation.
    /// </summary>
    /// <exception cref="CoreRelocationException">A relocation libbpf would refuse; the message names the function, instruction and source line.</exception>
    public void RelocateCore()
    {
        var scratch = Array.Empty<Instruction>();
        foreach (var function in _spec.Functions)
        {
            if (function.CoreRelocations.Count == 0 || !WillLoad(_spec, function))
                continue;
            if (scratch.Length < function.Instructions.Length)
                scratch = new Instruction[function.Instructions.Length];
            var code = scratch.AsSpan(0, function.Instructions.Length);
            function.Instructions.CopyTo(code);
            ApplyCore(function, code, 0, _log, poisoned: null);
        }
    }

    /// <summary>The image of <paramref name="program"/>: its function, then each callee appended where a call first reaches it.</summary>
    public RelocatedProgram Link(ProgramSpec program)
    {
        var layout = new List<(BpfFunction Function, int Start)>();
        var placed = new Dictionary<BpfFunction, int>();
        var length = Lay(program.Function, 0, layout, placed);
        var image = new Instruction[length];
        var funcInfo = new byte[layout.Sum(p => p.Function.FunctionInfos.Count) * BtfExtEncoding.FuncInfoSize];
        var lineInfo = new byte[layout.Sum(p => p.Function.LineInfos.Count) * BtfExtEncoding.LineInfoSize];
        var funcAt = funcInfo.AsSpan();
        var lineAt = lineInfo.AsSpan();
        var poisoned = new List<PoisonedRelocation>();
        foreach (var (function, start) in layout)
        {
            function.Instructions.CopyTo(image, start);
            ApplyCore(function, image.AsSpan(start, function.Instructions.Length), start, log: null, poisoned);
            foreach (var record in function.FunctionInfos)
            {
                BtfExtEncoding.Write(funcAt, record with { InstructionOffset = record.InstructionOffset + (uint)start });
                funcAt = funcAt[BtfExtEncoding.FuncInfoSize..];
            }
            foreach (var record in function.LineInfos)
            {
                BtfExtEncoding.Write(lineAt, record with { InstructionOffset = record.InstructionOffset + (uint)start });
                lineAt = lineAt[BtfExtEncoding.LineInfoSize..];
            }
            foreach (var reference in function.References)
                Resolve(image, start + reference.Index, reference, placed);
        }
        return new RelocatedProgram(image, funcInfo, lineInfo, poisoned);
    }

    /// <summary>
    /// Places <paramref name="function"/> at <paramref name="start"/>, then each callee not yet placed as its call
    /// sites come (libbpf bpf_object__reloc_code appends them in that order, depth-first); returns the image's end.
    /// </summary>
    private int Lay(BpfFunction function, int start, List<(BpfFunction, int)> layout, Dictionary<BpfFunction, int> placed)
    {
        placed.Add(function, start);
        layout.Add((function, start));
        var end = start + function.Instructions.Length;
        foreach (var reference in function.References)
        {
            if (reference.Kind is ReferenceKind.Call or ReferenceKind.FunctionAddress && FindCallee(reference).Callee is var callee && !placed.ContainsKey(callee))
                end = Lay(callee, end, layout, placed);
        }
        return end;
    }

    private void Resolve(Instruction[] image, int at, InstructionReference reference, Dictionary<BpfFunction, int> placed)
    {
        switch (reference.Kind)
        {
            case ReferenceKind.Map:
                image[at].Immediate = _mapFd(reference.Target);
                image[at].Source = (Register)PseudoSource.MapFd;
                break;
            case ReferenceKind.GlobalData:
                // libbpf relocate_data: the second slot's imm becomes the offset into the map's value
                // (what the compiler left in the first imm, plus the symbol's offset in its section).
                image[at + 1].Immediate = image[at].Immediate + (int)reference.Value;
                image[at].Immediate = _mapFd(reference.Target);
                image[at].Source = (Register)PseudoSource.MapValue;
                break;
            case ReferenceKind.Extern:
                LinkExtern(image, at, _externSpecs[reference.Target]);
                break;
            case ReferenceKind.Call:
            case ReferenceKind.FunctionAddress:
                var (callee, offset) = FindCallee(reference);
                image[at].Immediate = placed[callee] + offset - at - 1;
                if (reference.Kind == ReferenceKind.FunctionAddress)
                    image[at].Source = (Register)PseudoSource.Function;
                break;
        }
    }

    /// <summary>libbpf bpf_object__relocate_data, RELO_EXTERN_LD64 and RELO_EXTERN_CALL.</summary>
    private void LinkExtern(Instruction[] image, int at, ExternSpec extern_)
    {
        if (extern_.Kind == ExternKind.Kconfig)
        {
            image[at + 1].Immediate = extern_.Offset;
            image[at].Immediate = _mapFd(SectionNames.Kconfig);
            image[at].Source = (Register)PseudoSource.MapValue;
            return;
        }
        var ksym = _externs.Ksyms.GetValueOrDefault(extern_.Name);
        if (image[at].IsCall)
        {
            // A weak kfunc the kernel lacks keeps imm 0, as libbpf 1.1 leaves it: the verifier accepts it on a
            // path it proves dead (behind bpf_ksym_exists()) and rejects it anywhere else.
            image[at].Immediate = ksym.IsSet ? ksym.KernelBtfId : 0;
            image[at].Offset = 0;
            image[at].Source = (Register)PseudoSource.KernelFunctionCall;
        }
        else if (ksym.IsSet && extern_.TypeId != 0)
        {
            // The second slot carries the fd of the module BTF defining the symbol; 0 names vmlinux.
            image[at + 1].Immediate = 0;
            image[at].Immediate = ksym.KernelBtfId;
            image[at].Source = (Register)PseudoSource.BtfId;
        }
        else
        {
            image[at + 1].Immediate = (int)(ksym.Address >> 32);
            image[at].Immediate = unchecked((int)ksym.Address);
        }
    }

    private (BpfFunction Callee, int Offset) FindCallee(InstructionReference reference)
    {
        var slot = (int)reference.Value;
        if (_sections.TryGetValue(reference.Target, out var functions))
        {
            // The last function starting at or before the slot is the only one that can cover it.
            var low = 0;
            var high = functions.Length - 1;
            while (low < high)
            {
                var middle = (low + high + 1) / 2;
                if (functions[middle].SectionStart <= slot)
                    low = middle;
                else
                    high = middle - 1;
            }
            if (functions[low].Contains(slot))
                return (functions[low], slot - functions[low].SectionStart);
        }
        throw new BpfFormatException($"call at insn {reference.Index} targets slot {reference.Value} of {reference.Target}, which no function covers", reference.Target, reference.Value * Instruction.Size);
    }

    /// <summary>
    /// Patches the CO-RE decisions for <paramref name="function"/> into <paramref name="code"/> (its slots, which
    /// start at <paramref name="start"/> of the image), as libbpf bpf_core_patch_insn; poisoned relocations are
    /// added to <paramref name="poisoned"/> with image indices.
    /// </summary>
    private void ApplyCore(BpfFunction function, Span<Instruction> code, int start, Action<string>? log, List<PoisonedRelocation>? poisoned)
    {
        if (function.CoreRelocations.Count == 0)
            return;
        if (_core is null)
            throw new BpfException($"function '{function.Name}' has CO-RE relocations but no target BTF was given");
        for (var i = 0; i < function.CoreRelocations.Count; i++)
        {
            var record = function.CoreRelocations[i];
            var index = (int)record.InstructionOffset;
            try
            {
                var decision = _core.Decide(record);
                CorePatcher.Patch(decision, code, index);
                if (decision.Calculation.Poison)
                    poisoned?.Add(new PoisonedRelocation(function.Name, start + index, record, decision.LocalAccessPath, LineAt(function.LineInfos, index)));
                log?.Invoke($"prog '{function.Name}': relo #{i}: insn #{index}: {decision.Description}");
            }
            catch (CoreRelocationException e)
            {
                // Say where, as the poisoned case does: the function and the source line of the instruction.
                var where = LineAt(function.LineInfos, index) is { } line && _spec.Btf is not null ? $" at {_spec.Btf.GetString(line.FileNameOffset)}:{line.Line}" : "";
                throw new CoreRelocationException($"function '{function.Name}': {record.Kind} relocation at insn #{index}{where}: {e.Message}", e);
            }
        }
    }

    /// <summary>The line_info record covering instruction <paramref name="index"/> (records are sorted by instruction).</summary>
    private static LineInfo? LineAt(IReadOnlyList<LineInfo> lines, int index)
    {
        LineInfo? best = null;
        foreach (var line in lines)
        {
            if (line.InstructionOffset > index)
                break;
            best = line;
        }
        return best;
    }
}
