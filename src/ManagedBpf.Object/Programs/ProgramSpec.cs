using ManagedBpf.Asm;

namespace ManagedBpf.Programs;

/// <summary>
/// An entry program as the object defines it: its section, type and its own instructions before linking.
/// Subprograms it calls (from <c>.text</c>) are appended by the loader, as libbpf does.
/// </summary>
public sealed class ProgramSpec
{
    internal ProgramSpec(string name, string sectionName, BpfFunction function, string license)
    {
        Name = name;
        SectionName = sectionName;
        // libbpf: SEC("?...") declares a program that bpf_object__load skips unless autoload is turned back on.
        AutoLoad = !sectionName.StartsWith('?');
        var bareSection = AutoLoad ? sectionName : sectionName[1..];
        var definition = SectionDefinition.Find(bareSection);
        Type = definition?.Type ?? ProgramType.Unspecified;
        ExpectedAttachType = definition?.ExpectedAttachType ?? AttachType.None;
        Flags = definition?.ProgramFlags ?? 0;
        AttachTarget = definition?.AttachTarget(bareSection);
        AttachBtfType = definition?.AttachBtfType(bareSection);
        NeedsAttachBtfTarget = definition?.Flags.HasFlag(SectionFlags.AttachBtf) ?? false;
        Function = function;
        License = license;
    }

    private ProgramSpec(ProgramSpec other)
    {
        Name = other.Name;
        SectionName = other.SectionName;
        Type = other.Type;
        ExpectedAttachType = other.ExpectedAttachType;
        Flags = other.Flags;
        AutoLoad = other.AutoLoad;
        AttachBtfType = other.AttachBtfType;
        NeedsAttachBtfTarget = other.NeedsAttachBtfTarget;
        StructOpsMember = other.StructOpsMember;
        AttachTarget = other.AttachTarget;
        Function = other.Function;
        License = other.License;
    }

    /// <summary>The function's symbol name (the kernel keeps 15 bytes of it).</summary>
    public string Name { get; }

    /// <summary>The ELF section, e.g. <c>tp/sched/sched_process_exec</c>.</summary>
    public string SectionName { get; }

    /// <summary>The program type the section name implies (libbpf's section definitions).</summary>
    public ProgramType Type { get; set; }

    /// <summary>expected_attach_type given to BPF_PROG_LOAD, from the section name (4.17+; <see cref="AttachType.None"/> when the type has none).</summary>
    public AttachType ExpectedAttachType { get; set; }

    /// <summary>prog_flags the section implies (BPF_F_SLEEPABLE for <c>.s</c> sections, BPF_F_XDP_HAS_FRAGS).</summary>
    public uint Flags { get; set; }

    /// <summary>Whether <c>BpfObject.Load</c> loads it: false for <c>SEC("?...")</c>, as in libbpf.</summary>
    public bool AutoLoad { get; set; }

    /// <summary>For fentry/fexit/tp_btf/lsm/iter programs: the kernel BTF type whose id the kernel wants as attach_btf_id.</summary>
    public (string Name, Btf.BtfKind Kind)? AttachBtfType { get; }

    /// <summary>
    /// The section is one whose programs load against a kernel BTF type (fentry, fexit, fmod_ret, lsm, tp_btf, iter:
    /// libbpf's SEC_ATTACH_BTF): without a target in the section name (<see cref="AttachBtfType"/> null) there is
    /// nothing to load, and the load fails before BPF_PROG_LOAD, as in libbpf.
    /// </summary>
    internal bool NeedsAttachBtfTarget { get; }

    /// <summary>
    /// For a struct_ops program: the ops struct and the member (a function pointer) a <c>.struct_ops</c> variable
    /// sets to it. At load, the kernel's id of that struct is its attach_btf_id and the member's index in the kernel's
    /// struct its expected attach type.
    /// </summary>
    public (string TypeName, string Member)? StructOpsMember { get; internal set; }

    /// <summary>What the section name says to attach to (for <c>tp/CATEGORY/NAME</c>: <c>CATEGORY/NAME</c>), if anything.</summary>
    public string? AttachTarget { get; }

    /// <summary>The object's license string (from the <c>license</c> section), passed to the kernel for GPL-only helpers.</summary>
    public string License { get; set; }

    /// <summary>The program's own instructions, unrelocated, as a view.</summary>
    public ReadOnlySpan<Instruction> Instructions => Function.Instructions;

    /// <summary>The entry function: instructions and what refers to what, before linking.</summary>
    public BpfFunction Function { get; }

    /// <summary>A copy with its own settings (type, flags, autoload, license) and the same, shared, function.</summary>
    internal ProgramSpec Copy() => new(this);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({SectionName}): {Type}, {Function.Instructions.Length} instructions";
}
