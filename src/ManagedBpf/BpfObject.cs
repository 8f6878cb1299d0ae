using ManagedBpf.Btf;
using ManagedBpf.Core;
using ManagedBpf.Features;
using ManagedBpf.Linking;
using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.Programs;

namespace ManagedBpf;

/// <summary>
/// The live side of an <see cref="ObjectSpec"/>: its BTF, maps and programs in the kernel. Created in libbpf's
/// order (BTF load, map creation and global data, relocation and CO-RE, program load); disposing it closes
/// every fd, which unloads whatever no link still holds. Pins (<see cref="MapPinning.ByName"/>) stay until
/// <see cref="BpfMap.Unpin"/>.
/// </summary>
public sealed class BpfObject : IDisposable
{
    private readonly BtfHandle? btf;

    private BpfObject(ObjectSpec spec, BtfHandle? btf, Dictionary<string, BpfMap> maps, Dictionary<string, BpfProgram> programs)
    {
        Spec = spec;
        this.btf = btf;
        Maps = maps;
        Programs = programs;
    }

    public ObjectSpec Spec { get; }

    /// <summary>Maps by the same names as <see cref="ObjectSpec.Maps"/>.</summary>
    public IReadOnlyDictionary<string, BpfMap> Maps { get; }

    /// <summary>Loaded programs by function name.</summary>
    public IReadOnlyDictionary<string, BpfProgram> Programs { get; }

    /// <summary>Loads everything the spec describes. On failure, whatever was created is closed again.</summary>
    /// <exception cref="BpfVerifierException">A program was rejected; the message names poisoned CO-RE relocations.</exception>
    /// <exception cref="BpfSyscallException">A map or the BTF could not be created.</exception>
    /// <exception cref="BpfPinMismatchException">A map pinned by name differs from the one already pinned there.</exception>
    public static BpfObject Load(ObjectSpec spec, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        var log = options.Log ?? (_ => { });
        var programs = new Dictionary<string, BpfProgram>(StringComparer.Ordinal);
        BtfHandle? btf = null;
        MapLoader? mapLoader = null;
        try
        {
            btf = LoadBtf(spec, log);
            mapLoader = new MapLoader(spec, btf, options.PinRoot, log);
            mapLoader.CreateAll();
            var maps = mapLoader.Maps;
            var target = new KernelTarget(options.KernelBtfPath, log);
            var linker = new ProgramLinker(spec, name => maps[name].Handle.Raw, CreateCoreRelocator(spec, target), log);
            foreach (var (name, programSpec) in spec.Programs)
            {
                if (!programSpec.AutoLoad)
                {
                    log($"prog '{name}': not loaded (autoload off: section '{programSpec.SectionName}')");
                    continue;
                }
                programs.Add(name, LoadProgram(spec, programSpec, linker.Link(programSpec), btf, target, options));
                log($"prog '{name}': loaded, tag {programs[name].Tag}");
            }
            mapLoader.FillProgramArrays(programs);
            return new BpfObject(spec, btf, maps, programs);
        }
        catch
        {
            foreach (var program in programs.Values)
                program.Dispose();
            mapLoader?.Abandon();
            btf?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Attaches every program whose section names its target, as libbpf's skeleton attach does: today
    /// <c>tp/CATEGORY/NAME</c> and <c>tracepoint/CATEGORY/NAME</c>. Programs of other types are left alone.
    /// </summary>
    public LinkGroup AttachAll(Action<string>? log = null)
    {
        var links = new List<BpfLink>();
        try
        {
            foreach (var (name, program) in Spec.Programs)
            {
                if (program.Type != ProgramType.Tracepoint || program.AttachTarget?.Split('/') is not [var category, var tracepoint])
                {
                    log?.Invoke($"prog '{name}': no automatic attachment for section '{program.SectionName}'");
                    continue;
                }
                links.Add(Programs[name].AttachTracepoint(category, tracepoint));
                log?.Invoke($"prog '{name}': attached to tracepoint {category}/{tracepoint}");
            }
            return new LinkGroup(links);
        }
        catch
        {
            new LinkGroup(links).Dispose();
            throw;
        }
    }

    /// <summary>Closes every program, map and BTF fd this object owns.</summary>
    public void Dispose()
    {
        foreach (var program in Programs.Values)
            program.Dispose();
        foreach (var map in Maps.Values)
            map.Dispose();
        btf?.Dispose();
    }

    /// <summary>
    /// Fixes the DATASECs and loads the object's BTF. As in libbpf, BTF is optional for these programs: if the
    /// kernel refuses it, maps and programs load without it (and without source lines in verifier logs).
    /// </summary>
    private static BtfHandle? LoadBtf(ObjectSpec spec, Action<string> log)
    {
        if (spec.Btf is null)
            return null;
        var raw = BtfSanitizer.Sanitize(
            BtfFixups.FixDataSections(spec.Btf, spec.Layout.SectionSize, spec.Layout.SymbolOffset, spec.Layout.SymbolIsHidden),
            KernelFeatures.Btf);
        try
        {
            var handle = BtfHandle.Load(raw);
            log($"BTF: loaded {raw.Length} bytes into the kernel");
            return handle;
        }
        catch (BpfSyscallException e)
        {
            log($"BTF: the kernel refused the object's BTF, continuing without it: {e.Message}");
            return null;
        }
    }

    private static CoreRelocator? CreateCoreRelocator(ObjectSpec spec, KernelTarget target) =>
        spec.Btf is null || !spec.Functions.Any(f => f.CoreRelocations.Count > 0) ? null : target.CreateRelocator(spec.Btf);

    private static BpfProgram LoadProgram(ObjectSpec spec, ProgramSpec program, LinkedProgram linked, BtfHandle? btf, KernelTarget target, LoadOptions options)
    {
        if (program.Type == ProgramType.Unspecified)
            throw new BpfException($"program '{program.Name}': section '{program.SectionName}' names no known program type");
        var load = new ProgramLoadOptions
        {
            Name = program.Name,
            Type = program.Type,
            ExpectedAttachType = program.ExpectedAttachType,
            Flags = program.Flags,
            AttachBtfId = program.AttachBtfType is { } attachTo ? target.AttachBtfId(program.Name, attachTo.Name, attachTo.Kind) : 0,
            License = program.License,
            Instructions = linked.Instructions,
            Btf = btf,
            FuncInfo = btf is null || linked.FunctionInfos.Count == 0 ? null : BtfExtEncoding.EncodeFuncInfos(linked.FunctionInfos),
            LineInfo = btf is null || linked.LineInfos.Count == 0 ? null : BtfExtEncoding.EncodeLineInfos(linked.LineInfos),
            LogLevel = options.VerifierLogLevel,
        };
        try
        {
            return BpfProgram.Load(load);
        }
        catch (BpfVerifierException e) when (linked.CoreRelocations.Any(c => c.Result.Poisoned))
        {
            throw new BpfVerifierException(e.ProgramName, e.Errno, e.Log, CoreFailureReport.Describe(spec, program, linked));
        }
    }
}
