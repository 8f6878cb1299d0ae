using ManagedBpf.Asm;
using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Elf;
using ManagedBpf.Externs;
using ManagedBpf.Programs;

namespace ManagedBpf.Relocation;

/// <summary>
/// Produces loadable instruction images, following libbpf's bpf_object__relocate: CO-RE relocations are applied
/// to each function once, then each entry program gets its callees appended depth-first in call-site order
/// (bpf_object__reloc_code), map / global-data references become BPF_PSEUDO_MAP_FD / _VALUE loads, and externs
/// take the values the kernel gave them.
/// The order matters: the kernel's program tag is computed over the final image, so it must equal libbpf's.
/// </summary>
internal sealed class ProgramRelocator
{
    private readonly ObjectSpec _spec;
    private readonly Func<string, int> _mapFd;
    private readonly Dictionary<string, ExternSpec> _externSpecs;
    private readonly ResolvedExterns _externs;
    private readonly Dictionary<BpfFunction, (Instruction[] Code, List<(int Index, CoreRelocationRecord Record, CoreRelocationResult Result)> Core)> _relocated = [];

    /// <param name="spec"></param>
    /// <param name="mapFd">The fd of a created map, by map name.</param>
    /// <param name="core">Resolves CO-RE relocations against the target kernel; null when the object has none.</param>
    /// <param name="externs">The values of the object's externs on the target kernel.</param>
    /// <param name="log"></param>
    public ProgramRelocator(ObjectSpec spec, Func<string, int> mapFd, CoreRelocator? core, ResolvedExterns externs, Action<string> log)
    {
        _spec = spec;
        _mapFd = mapFd;
        _externs = externs;
        _externSpecs = spec.Externs.ToDictionary(e => e.Name, StringComparer.Ordinal);
        foreach (var function in spec.Functions)
            _relocated[function] = ApplyCore(spec, function, core, log);
    }

    public RelocatedProgram Link(ProgramSpec program)
    {
        var image = new List<Instruction>();
        var placed = new Dictionary<BpfFunction, int>();
        var functionInfos = new List<FuncInfo>();
        var lineInfos = new List<LineInfo>();
        var core = new List<AppliedCoreRelocation>();
        Place(program.Function, image, placed, functionInfos, lineInfos, core);
        return new RelocatedProgram([.. image], functionInfos, lineInfos, core);
    }

    private void Place(BpfFunction function, List<Instruction> image, Dictionary<BpfFunction, int> placed,
        List<FuncInfo> functionInfos, List<LineInfo> lineInfos, List<AppliedCoreRelocation> core)
    {
        var start = image.Count;
        placed[function] = start;
        var (code, coreResults) = _relocated[function];
        image.AddRange(code);
        functionInfos.AddRange(function.FunctionInfos.Select(f => f with { InstructionOffset = f.InstructionOffset + (uint)start }));
        var lines = function.LineInfos.Select(l => l with { InstructionOffset = l.InstructionOffset + (uint)start }).ToList();
        lineInfos.AddRange(lines);
        core.AddRange(coreResults.Select(c => new AppliedCoreRelocation(function.Name, start + c.Index, c.Record, c.Result, LineAt(lines, start + c.Index))));

        foreach (var reference in function.References)
        {
            var at = start + reference.Index;
            switch (reference.Kind)
            {
                case ReferenceKind.Map:
                    image[at] = image[at] with { Immediate = _mapFd(reference.Target) };
                    SetSource(image, at, PseudoSource.MapFd);
                    break;
                case ReferenceKind.GlobalData:
                    // libbpf relocate_data: the second slot's imm becomes the offset into the map's value
                    // (what the compiler left in the first imm, plus the symbol's offset in its section).
                    image[at + 1] = image[at + 1] with { Immediate = image[at].Immediate + (int)reference.Value };
                    image[at] = image[at] with { Immediate = _mapFd(reference.Target) };
                    SetSource(image, at, PseudoSource.MapValue);
                    break;
                case ReferenceKind.Extern:
                    LinkExtern(image, at, _externSpecs[reference.Target]);
                    break;
                case ReferenceKind.Call:
                case ReferenceKind.FunctionAddress:
                    var (callee, offset) = FindCallee(reference);
                    if (!placed.ContainsKey(callee))
                        Place(callee, image, placed, functionInfos, lineInfos, core);
                    image[at] = image[at] with { Immediate = placed[callee] + offset - at - 1 };
                    if (reference.Kind == ReferenceKind.FunctionAddress)
                        SetSource(image, at, PseudoSource.Function);
                    break;
            }
        }
    }

    /// <summary>libbpf bpf_object__relocate_data, RELO_EXTERN_LD64 and RELO_EXTERN_CALL.</summary>
    private void LinkExtern(List<Instruction> image, int at, ExternSpec extern_)
    {
        if (extern_.Kind == ExternKind.Kconfig)
        {
            image[at + 1] = image[at + 1] with { Immediate = extern_.Offset };
            image[at] = image[at] with { Immediate = _mapFd(SectionNames.Kconfig) };
            SetSource(image, at, PseudoSource.MapValue);
            return;
        }
        var ksym = _externs.Ksyms.GetValueOrDefault(extern_.Name);
        if (image[at].IsCall)
        {
            // A weak kfunc the kernel lacks keeps imm 0, as libbpf 1.1 leaves it: the verifier accepts it on a
            // path it proves dead (behind bpf_ksym_exists()) and rejects it anywhere else.
            image[at] = image[at] with { Immediate = ksym.IsSet ? ksym.KernelBtfId : 0, Offset = 0 };
            SetSource(image, at, PseudoSource.KernelFunctionCall);
        }
        else if (ksym.IsSet && extern_.TypeId != 0)
        {
            // The second slot carries the fd of the module BTF defining the symbol; 0 names vmlinux.
            image[at + 1] = image[at + 1] with { Immediate = 0 };
            image[at] = image[at] with { Immediate = ksym.KernelBtfId };
            SetSource(image, at, PseudoSource.BtfId);
        }
        else
        {
            image[at + 1] = image[at + 1] with { Immediate = (int)(ksym.Address >> 32) };
            image[at] = image[at] with { Immediate = unchecked((int)ksym.Address) };
        }
    }

    private static void SetSource(List<Instruction> image, int at, PseudoSource source)
    {
        var instruction = image[at];
        instruction.Source = (Register)source;
        image[at] = instruction;
    }

    private (BpfFunction Callee, int Offset) FindCallee(InstructionReference reference)
    {
        var callee = _spec.Functions.FirstOrDefault(f => f.SectionName == reference.Target && f.Contains((int)reference.Value))
            ?? throw new BpfFormatException($"call at insn {reference.Index} targets slot {reference.Value} of {reference.Target}, which no function covers", reference.Target, reference.Value * Instruction.Size);
        return (callee, (int)reference.Value - callee.SectionStart);
    }

    private static (Instruction[], List<(int, CoreRelocationRecord, CoreRelocationResult)>) ApplyCore(ObjectSpec spec, BpfFunction function, CoreRelocator? core, Action<string> log)
    {
        var code = (Instruction[])function.Instructions.Clone();
        var results = new List<(int, CoreRelocationRecord, CoreRelocationResult)>();
        if (function.CoreRelocations.Count == 0)
            return (code, results);
        if (core is null)
            throw new BpfException($"function '{function.Name}' has CO-RE relocations but no target BTF was given");
        foreach (var record in function.CoreRelocations)
        {
            var index = (int)record.InstructionOffset;
            try
            {
                var result = core.Resolve(record);
                result.Apply(code, index);
                results.Add((index, record, result));
                log($"prog '{function.Name}': relo #{results.Count - 1}: insn #{index}: {result.Description}");
            }
            catch (CoreRelocationException e)
            {
                // Say where, as the poisoned case does: the function and the source line of the instruction.
                var line = LineAt([.. function.LineInfos], index);
                var where = line is { } l && spec.Btf is not null ? $" at {spec.Btf.GetString(l.FileNameOffset)}:{l.Line}" : "";
                throw new CoreRelocationException($"function '{function.Name}': {record.Kind} relocation at insn #{index}{where}: {e.Message}", e);
            }
        }
        return (code, results);
    }

    private static LineInfo? LineAt(List<LineInfo> lines, int index)
    {
        LineInfo? best = null;
        foreach (var line in lines)
        {
            if (line.InstructionOffset <= index)
                best = line;
        }
        return best;
    }
}
