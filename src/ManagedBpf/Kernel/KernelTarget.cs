using ManagedBpf.Btf;
using ManagedBpf.CoRe;

namespace ManagedBpf.Kernel;

/// <summary>
/// The kernel a load targets, as BTF: read once, only if something needs it (CO-RE relocations, or the
/// attach_btf_id of fentry/fexit/tp_btf/lsm/iter programs). By default the running kernel's
/// <c>/sys/kernel/btf/vmlinux</c>, with module BTF consulted lazily for types vmlinux lacks (libbpf's
/// candidate search); or a BTF file given for a kernel that does not expose its own.
/// </summary>
internal sealed class KernelTarget
{
    private readonly Lazy<BtfSpec> _btf;
    private readonly Lazy<IReadOnlyList<BtfSpec>> _modules;

    public KernelTarget(string? externalPath, Action<string> log)
    {
        _btf = new Lazy<BtfSpec>(() =>
        {
            var path = externalPath ?? KernelBtf.VmlinuxPath;
            var spec = KernelBtf.LoadVmlinux(path);
            log($"target BTF {path}, {spec.TypeCount - 1} types");
            return spec;
        });
        // An external BTF file describes a kernel whose module BTF is not here to read.
        _modules = new Lazy<IReadOnlyList<BtfSpec>>(() => externalPath is null ? KernelBtf.LoadModules(_btf.Value) : []);
    }

    /// <summary>The kernel's own BTF (vmlinux, or the external file).</summary>
    public BtfSpec Vmlinux => _btf.Value;

    public CoreRelocator CreateRelocator(BtfSpec local) => new(local, _btf.Value, () => _modules.Value);

    /// <summary>
    /// libbpf find_ksym_btf_id: the first type of this name and kind in vmlinux, else in the first module that
    /// defines one itself. Id -1 when none does.
    /// </summary>
    public (BtfSpec Btf, int Id, bool InModule) FindKernelSymbol(string name, BtfKind kind)
    {
        var id = _btf.Value.FindTypeId(name, kind);
        if (id > 0)
            return (_btf.Value, id, false);
        foreach (var module in _modules.Value)
        {
            id = module.FindTypeId(name, kind);
            if (id >= module.FirstOwnId)
                return (module, id, true);
        }
        return (_btf.Value, -1, false);
    }

    /// <summary>The id of the named kernel type a BTF-attached program hooks (vmlinux only: module targets need their BTF's fd).</summary>
    public uint AttachBtfId(string program, string typeName, BtfKind kind)
    {
        var id = _btf.Value.FindTypeId(typeName, kind);
        return id > 0
            ? (uint)id
            : throw new BpfException($"program '{program}': the kernel has no {kind} '{typeName}' to attach to");
    }
}
