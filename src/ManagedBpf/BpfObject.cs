using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Elf;
using ManagedBpf.Externs;
using ManagedBpf.Globals;
using ManagedBpf.Kernel;
using ManagedBpf.Links;
using ManagedBpf.Maps;
using ManagedBpf.Programs;
using ManagedBpf.Relocation;

namespace ManagedBpf;

/// <summary>
/// The live side of an <see cref="ObjectSpec"/>: its BTF, maps and programs in the kernel. Created in libbpf's
/// order (BTF load, map creation and global data, relocation and CO-RE, program load); disposing it closes
/// every fd, which unloads whatever no link still holds. Pins (<see cref="MapPinning.ByName"/>) stay until
/// <see cref="BpfMap.Unpin"/>.
/// </summary>
public sealed class BpfObject : IDisposable
{
    private readonly BtfHandle? _btf;
    private readonly IReadOnlyDictionary<string, KernelStructOps> _structOps;
    private readonly Lazy<UsdtSpecs?> _usdt;
    private readonly GlobalData _globals;

    private BpfObject(ObjectSpec spec, BtfHandle? btf, Dictionary<string, BpfMap> maps, Dictionary<string, BpfProgram> programs,
        IReadOnlyDictionary<string, KernelStructOps> structOps, GlobalData globals)
    {
        _structOps = structOps;
        Spec = spec;
        _btf = btf;
        Maps = maps;
        Programs = programs;
        _usdt = new Lazy<UsdtSpecs?>(() => UsdtSpecs.Of(Maps));
        _globals = globals;
    }

    /// <summary>The spec this object was loaded from.</summary>
    public ObjectSpec Spec { get; }

    /// <summary>Maps by the same names as <see cref="ObjectSpec.Maps"/>.</summary>
    public IReadOnlyDictionary<string, BpfMap> Maps { get; }

    /// <summary>Loaded programs by function name.</summary>
    public IReadOnlyDictionary<string, BpfProgram> Programs { get; }

    /// <summary>
    /// The global variables user space can see, by name, live: read and written in place in their mapped section
    /// (<see cref="BpfVariable"/>). Variables of global linkage only, as libbpf's skeleton exposes them: a section
    /// of static variables only is not mapped. <c>.rodata</c> ones are read-only.
    /// </summary>
    public IReadOnlyDictionary<string, BpfVariable> Variables => _globals.Variables;

    /// <summary>Loads everything the spec describes. On failure, whatever was created is closed again.</summary>
    /// <exception cref="BpfVerifierException">A program was rejected; the message names poisoned CO-RE relocations.</exception>
    /// <exception cref="BpfSyscallException">A map could not be created (the BTF may be refused: then, as in libbpf, the
    /// maps and programs load without it).</exception>
    /// <exception cref="BpfPinMismatchException">A map pinned by name differs from the one already pinned there.</exception>
    public static BpfObject Load(ObjectSpec spec, LoadOptions? options = null)
    {
        options ??= new LoadOptions();
        var log = options.Log ?? (_ => { });
        var programs = new Dictionary<string, BpfProgram>(StringComparer.Ordinal);
        BtfHandle? btf = null;
        MapLoader? mapLoader = null;
        GlobalData? globals = null;
        Dictionary<string, KernelStructOps> structOps;
        try
        {
            var target = new KernelTarget(options.KernelBtfPath, log);
            var externs = ExternResolver.Resolve(spec.Externs, spec.Btf, target, options.Kconfig, log);
            structOps = spec.Maps.Where(m => m.Value.StructOps is not null).ToDictionary(
                m => m.Key, m => KernelStructOps.Resolve(m.Key, m.Value.StructOps!, spec.Btf!, target.Vmlinux));
            btf = LoadBtf(spec, log);
            mapLoader = new MapLoader(spec, btf, options.PinRoot, name => name == SectionNames.Kconfig ? externs.KconfigValue : spec.Maps[name].InitialValue, structOps, log);
            mapLoader.CreateAll();
            var maps = mapLoader.Maps;
            globals = GlobalData.Map(spec, maps, log);
            // The relocator writes a line per CO-RE relocation (tens of thousands in big objects) only when asked to.
            var linker = new ProgramRelocator(spec, name => maps[name].Fd.Raw, CreateCoreRelocator(spec, target), externs, options.Log);
            linker.RelocateCore();
            foreach (var (name, programSpec) in spec.Programs)
            {
                if (!programSpec.AutoLoad)
                {
                    log($"prog '{name}': not loaded (autoload off: section '{programSpec.SectionName}')");
                    continue;
                }
                programs.Add(name, LoadProgram(spec, programSpec, linker.Link(programSpec), btf, target, structOps.Values, options));
                log($"prog '{name}': loaded, tag {programs[name].Tag}");
            }
            mapLoader.FillProgramArrays(programs);
            return new BpfObject(spec, btf, maps, programs, structOps, globals);
        }
        catch
        {
            foreach (var program in programs.Values)
                program.Dispose();
            globals?.Dispose();
            mapLoader?.Abandon();
            btf?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Attaches every loaded program whose section says where, as libbpf's skeleton attach does: tracepoints, raw
    /// tracepoints, kprobes and kretprobes, ksyscalls, kprobe.multi, uprobes and uprobe.multi, USDT probes, tp_btf,
    /// fentry/fexit/fmod_ret, lsm and iterators (<see cref="AttachPoint.Of"/>). Every other program is left, and
    /// <see cref="LinkGroup.Unattached"/> says why (what it needs a target for, or that its section names none). If
    /// one attachment fails, the ones made are detached again and the error is thrown, as libbpf fails the skeleton.
    /// </summary>
    /// <exception cref="BpfNotSupportedException">The kernel lacks a kind a program needs (kprobes without
    /// CONFIG_KPROBES, for one).</exception>
    /// <exception cref="BpfException">A program could not be attached, or its section is malformed.</exception>
    public LinkGroup AttachAll(Action<string>? log = null)
    {
        var links = new List<BpfLink>();
        var unattached = new List<UnattachedProgram>();
        try
        {
            foreach (var (name, program) in Spec.Programs)
            {
                if (!Programs.TryGetValue(name, out var loaded))
                    continue;
                if (AttachPoint.Of(program, out var reason) is not { } point)
                {
                    unattached.Add(new UnattachedProgram(name, program.SectionName, reason));
                    log?.Invoke($"prog '{name}': not attached: {reason}");
                    continue;
                }
                try
                {
                    links.Add(loaded.Attach(point, Usdt));
                }
                catch (BpfException e) when (e is not BpfNotSupportedException)
                {
                    throw new BpfException($"prog '{name}' ({program.SectionName}): {e.Message}", e);
                }
                log?.Invoke($"prog '{name}': attached: {links[^1]}");
            }
            return new LinkGroup(links, unattached);
        }
        catch
        {
            BpfLink.DisposeAll(links);
            throw;
        }
    }

    /// <summary>
    /// The USDT maps of libbpf's usdt.bpf.h (<c>__bpf_usdt_specs</c>, <c>__bpf_usdt_ip_to_spec_id</c>) that USDT
    /// attachments of this object's programs fill; null when the object has none.
    /// </summary>
    public UsdtSpecs? Usdt => _usdt.Value;

    /// <summary>
    /// Registers a struct_ops map with the kernel: its function pointers become this object's programs, and the
    /// kernel starts calling them (a TCP congestion control becomes selectable by name, for instance). Dispose the
    /// result to unregister. The programs must stay loaded meanwhile, so keep this object alive too.
    /// </summary>
    /// <param name="mapName">The <c>SEC(".struct_ops")</c> variable's name.</param>
    /// <exception cref="BpfSyscallException">The kernel refused the registration.</exception>
    public StructOpsRegistration RegisterStructOps(string mapName)
    {
        var ops = _structOps.GetValueOrDefault(mapName) ?? throw new ArgumentException($"'{mapName}' is no struct_ops map of this object", nameof(mapName));
        return StructOpsRegistration.Register(Maps[mapName], ops, Programs);
    }

    /// <summary>Closes every program, map and BTF fd this object owns.</summary>
    public void Dispose()
    {
        foreach (var program in Programs.Values)
            program.Dispose();
        _globals.Dispose();
        foreach (var map in Maps.Values)
            map.Dispose();
        _btf?.Dispose();
    }

    /// <summary>
    /// Fixes the DATASECs and loads the object's BTF. As in libbpf, BTF is optional for these programs: if the
    /// kernel refuses it, maps and programs load without it (and without source lines in verifier logs).
    /// </summary>
    private static BtfHandle? LoadBtf(ObjectSpec spec, Action<string> log)
    {
        if (spec.Btf is null)
            return null;
        var raw = PrepareBtf(spec, KernelFeatures.Btf);
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

    /// <summary>fentry, fexit, fmod_ret and lsm programs run from a BPF trampoline the kernel builds at load.</summary>
    private static bool UsesTrampoline(ProgramSpec program) =>
        program.Type == ProgramType.Lsm || program.ExpectedAttachType is AttachType.TraceFentry or AttachType.TraceFexit or AttachType.ModifyReturn;

    /// <summary>The object's BTF as BPF_BTF_LOAD gets it: extern sections and DATASECs fixed, then sanitized for a
    /// kernel that supports <paramref name="supported"/>.</summary>
    internal static byte[] PrepareBtf(ObjectSpec spec, BtfFeatures supported)
    {
        var objectBtf = spec.Btf ?? throw new ArgumentException("the object has no BTF", nameof(spec));
        if (spec.Externs.Count > 0)
        {
            objectBtf = BtfSpec.Parse(BtfExternFixups.Fix(
                objectBtf, name => spec.Externs.FirstOrDefault(e => e.Name == name && e.Kind == ExternKind.Kconfig)?.Offset,
                ExternCollector.KconfigSize(spec.Externs)));
        }
        var bytes = BtfFixups.FixDataSections(objectBtf, spec.Layout.SectionSize, spec.Layout.SymbolOffset, spec.Layout.SymbolIsHidden);
        BtfFixups.MarkFunctionsStatic(objectBtf, bytes, spec.Layout.HiddenSubprograms);
        return BtfSanitizer.Sanitize(bytes, supported);
    }

    /// <summary>A relocator when a function that will load has CO-RE relocations (only then is the kernel's BTF read, as in libbpf).</summary>
    private static CoreRelocator? CreateCoreRelocator(ObjectSpec spec, KernelTarget target) =>
        spec.Btf is null || !spec.Functions.Any(f => f.CoreRelocations.Count > 0 && ProgramRelocator.WillLoad(spec, f)) ? null : target.CreateRelocator(spec.Btf);

    private static BpfProgram LoadProgram(ObjectSpec spec, ProgramSpec program, RelocatedProgram linked, BtfHandle? btf, KernelTarget target,
        IEnumerable<KernelStructOps> structOps, LoadOptions options)
    {
        // A struct_ops program attaches to the kernel's ops struct, at the index of the member it implements.
        var ops = structOps.FirstOrDefault(o => o.MemberIndex.ContainsKey(program.Name));
        if (program.Type == ProgramType.Unspecified)
            throw new BpfException($"program '{program.Name}': section '{program.SectionName}' names no known program type");
        if (program.NeedsAttachBtfTarget && program.AttachBtfType is null)
        {
            // libbpf_prepare_prog_load refuses it before BPF_PROG_LOAD (EINVAL): without a target the verifier has
            // no kernel function or tracepoint to check the program against.
            throw new BpfException($"program '{program.Name}': no BTF-based attach target is specified: section '{program.SectionName}' " +
                "must name the kernel function (or tracepoint, LSM hook, iterator) it attaches to, e.g. SEC(\"fentry/do_unlinkat\")");
        }
        var load = new ProgramLoadOptions
        {
            Name = program.Name,
            Type = program.Type,
            ExpectedAttachType = ops is null ? program.ExpectedAttachType : (AttachType)ops.MemberIndex[program.Name],
            Flags = program.Flags,
            // libbpf passes it for every program; kernels before 5.0 refuse kprobes whose version is not theirs.
            KernelVersion = KernelVersion.Code(),
            AttachBtfId = ops is not null ? (uint)ops.KernelTypeId
                : program.AttachBtfType is { } attachTo ? target.AttachBtfId(program.Name, attachTo.Name, attachTo.Kind) : 0,
            License = program.License,
            Instructions = linked.Instructions,
            Btf = btf,
            FuncInfo = btf is null || linked.FuncInfo.Length == 0 ? null : linked.FuncInfo,
            LineInfo = btf is null || linked.LineInfo.Length == 0 ? null : linked.LineInfo,
            LogLevel = options.VerifierLogLevel,
        };
        try
        {
            return BpfProgram.Load(load);
        }
        catch (BpfVerifierException e) when (linked.Poisoned.Count > 0)
        {
            throw new BpfVerifierException(e.Operation, program.Name, e.Errno, e.Log, CoreFailureReport.Describe(spec, program, linked), e);
        }
        catch (BpfVerifierException e) when (e.Errno == Errno.EPERM && e.Log.Length == 0 && UsesTrampoline(program))
        {
            // Root with every capability still gets EPERM when the kernel, or a security module, will not build a BPF
            // trampoline; the capability hint alone would send the user the wrong way.
            if (Capabilities.CanTrace())
            {
                throw new BpfNotSupportedException(
                    $"BPF trampolines (section '{program.SectionName}' of program '{program.Name}': fentry, fexit, fmod_ret and lsm; " +
                    "BPF_PROG_LOAD gave EPERM with every capability, so this kernel or a security module refuses them)", null, e);
            }
            throw new BpfVerifierException(e.Operation, program.Name, e.Errno, e.Log,
                $"section '{program.SectionName}' attaches through a BPF trampoline, which needs CAP_BPF and CAP_PERFMON", e);
        }
    }
}
