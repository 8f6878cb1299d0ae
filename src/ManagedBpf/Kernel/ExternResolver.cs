using ManagedBpf.Btf;
using ManagedBpf.CoRe;
using ManagedBpf.Externs;

namespace ManagedBpf.Kernel;

/// <summary>
/// Gives every extern its value on the running kernel, as libbpf's bpf_object__resolve_externs does. Kconfig:
/// the virtual LINUX_* values computed here, CONFIG_* from <see cref="LoadOptions.Kconfig"/> first and then the
/// kernel's config file. Ksyms: typeless symbols by address from /proc/kallsyms; typed variables and kfuncs by
/// the id of the VAR or FUNC of that name in the kernel's BTF, whose type must be compatible with the local one.
/// A strong extern left without a value fails the load; a weak one reads as zero.
/// </summary>
internal static class ExternResolver
{
    public static ResolvedExterns Resolve(IReadOnlyList<ExternSpec> externs, BtfSpec? localBtf, KernelTarget target, string? extraKconfig, Action<string> log)
    {
        var kconfig = new KconfigValues(externs, log);
        var ksyms = new Dictionary<string, ResolvedKsym>(StringComparer.Ordinal);
        if (externs.Count == 0)
            return new ResolvedExterns(kconfig.Bytes, ksyms);

        SetVirtualValues(externs, kconfig, log);
        if (externs.Any(e => e.Kind == ExternKind.Kconfig && !kconfig.IsSet(e.Name)))
            ReadKconfig(kconfig, extraKconfig);
        ResolveKsyms(externs, localBtf, target, ksyms, log);

        foreach (var extern_ in externs)
        {
            var isSet = extern_.Kind == ExternKind.Kconfig ? kconfig.IsSet(extern_.Name) : ksyms.GetValueOrDefault(extern_.Name).IsSet;
            if (isSet)
                continue;
            if (!extern_.IsWeak)
                throw new BpfException($"extern '{extern_.Name}' (strong): not resolved{Hint(extern_)}");
            log($"extern '{extern_.Name}' (weak): not resolved, defaulting to zero");
        }
        return new ResolvedExterns(kconfig.Bytes, ksyms);
    }

    private static string Hint(ExternSpec extern_) => extern_.Kind == ExternKind.Kconfig
        ? " (this kernel's config has no such option)"
        : extern_.IsFunction ? " (no such kernel function in the kernel's BTF)" : " (no such kernel symbol)";

    /// <summary>libbpf's virtual externs: any other LINUX_ name is an error unless weak (then 0).</summary>
    private static void SetVirtualValues(IReadOnlyList<ExternSpec> externs, KconfigValues kconfig, Action<string> log)
    {
        foreach (var extern_ in externs.Where(e => e.Kind == ExternKind.Kconfig && !e.Name.StartsWith("CONFIG_", StringComparison.Ordinal)))
        {
            ulong value = extern_.Name switch
            {
                "LINUX_KERNEL_VERSION" => KernelVersion.Code() is var code and not 0 ? code
                    : throw new BpfException($"extern (kcfg) '{extern_.Name}': cannot tell the kernel's version"),
                "LINUX_HAS_BPF_COOKIE" => KernelFeatures.BpfCookie ? 1UL : 0UL,
                "LINUX_HAS_SYSCALL_WRAPPER" => KernelFeatures.SyscallWrapper ? 1UL : 0UL,
                _ when extern_.Name.StartsWith("LINUX_", StringComparison.Ordinal) && extern_.IsWeak => 0,
                _ => throw new BpfException($"extern (kcfg) '{extern_.Name}': unrecognized virtual extern (kconfig externs are CONFIG_* or libbpf's LINUX_*)"),
            };
            kconfig.SetNumber(extern_, value);
            log($"extern (kcfg) '{extern_.Name}': set to 0x{value:x}");
        }
    }

    private static void ReadKconfig(KconfigValues kconfig, string? extraKconfig)
    {
        if (extraKconfig is not null)
        {
            foreach (var line in extraKconfig.Split('\n'))
                kconfig.ApplyConfigLine(line);
            if (!kconfig.Unset.Any())
                return;
        }
        foreach (var line in KernelConfig.ReadLines())
            kconfig.ApplyConfigLine(line);
    }

    private static void ResolveKsyms(IReadOnlyList<ExternSpec> externs, BtfSpec? localBtf, KernelTarget target,
        Dictionary<string, ResolvedKsym> ksyms, Action<string> log)
    {
        var typeless = externs.Where(e => e.Kind == ExternKind.Ksym && e.TypeId == 0).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        if (typeless.Count > 0)
        {
            foreach (var (name, address) in Kallsyms.Find(typeless))
            {
                ksyms[name] = ResolvedKsym.ByAddress(address);
                log($"extern (ksym) '{name}': set to 0x{address:x}");
            }
        }
        foreach (var extern_ in externs.Where(e => e.Kind == ExternKind.Ksym && e.TypeId != 0))
        {
            var resolved = ResolveByBtf(extern_, localBtf!, target);
            ksyms[extern_.Name] = resolved;
            if (resolved.IsSet)
                log($"extern ({(extern_.IsFunction ? "func " : "var ")}ksym) '{extern_.Name}': resolved to kernel [{resolved.KernelBtfId}]");
        }
    }

    /// <summary>libbpf bpf_object__resolve_ksym_var_btf_id / _func_btf_id (vmlinux; module BTF needs its fd, which this loader does not pass).</summary>
    private static ResolvedKsym ResolveByBtf(ExternSpec extern_, BtfSpec localBtf, KernelTarget target)
    {
        var kind = extern_.IsFunction ? BtfKind.Function : BtfKind.Variable;
        // A kfunc may be declared with a ___flavor suffix to exist twice with different prototypes.
        var name = extern_.IsFunction ? BtfNames.EssentialName(extern_.Name) : extern_.Name;
        var (kernel, id, inModule) = target.FindKernelSymbol(name, kind);
        if (id <= 0)
            return extern_.IsWeak ? ResolvedKsym.Unresolved : throw new BpfException($"extern ({(extern_.IsFunction ? "func" : "var")} ksym) '{extern_.Name}': not found in the kernel's BTF");
        if (inModule)
            throw new BpfException($"extern (ksym) '{extern_.Name}' is defined by a kernel module; ksyms of modules are not supported (they need the module BTF's fd in the instruction)");
        var kernelType = extern_.IsFunction ? (int)kernel.Raw(id).SizeOrType : ResolveVariableType(kernel, id);
        if (CoreTypeCompat.TypesAreCompatible(localBtf, extern_.TypeId, kernel, kernelType))
            return ResolvedKsym.ByBtfId(id);
        if (extern_.IsFunction && extern_.IsWeak)
            return ResolvedKsym.Unresolved;
        throw new BpfException($"extern ({(extern_.IsFunction ? "func" : "var")} ksym) '{extern_.Name}': local type [{extern_.TypeId}] is incompatible with the kernel's [{kernelType}]");
    }

    private static int ResolveVariableType(BtfSpec kernel, int variableId)
    {
        kernel.SkipModsAndTypedefs((int)kernel.Raw(variableId).SizeOrType, out var type);
        return type;
    }
}
