namespace ManagedBpf.Programs;

/// <summary>
/// How a program's ELF section name maps to a program type, the way libbpf's section_defs table does
/// (src/libbpf.c): a prefix, the type, the expected attach type, and whether the rest names an attach target.
/// </summary>
internal sealed record SectionDefinition(string Prefix, ProgramType Type, AttachType ExpectedAttachType = AttachType.None, bool HasTarget = false)
{
    private static readonly SectionDefinition[] Definitions =
    [
        new("tp/", ProgramType.Tracepoint, HasTarget: true),
        new("tracepoint/", ProgramType.Tracepoint, HasTarget: true),
        new("raw_tp/", ProgramType.RawTracepoint, HasTarget: true),
        new("raw_tracepoint/", ProgramType.RawTracepoint, HasTarget: true),
        new("kprobe/", ProgramType.Kprobe, HasTarget: true),
        new("kretprobe/", ProgramType.Kprobe, HasTarget: true),
        new("uprobe", ProgramType.Kprobe),
        new("perf_event", ProgramType.PerfEvent),
        new("socket", ProgramType.SocketFilter),
        new("xdp", ProgramType.Xdp),
        new("tc", ProgramType.SchedCls),
        new("classifier", ProgramType.SchedCls),
        new("action", ProgramType.SchedAct),
        new("cgroup_skb/", ProgramType.CgroupSkb),
        new("syscall", ProgramType.Syscall),
    ];

    /// <summary>The definition for a section, or null when libbpf would not recognise it either.</summary>
    public static SectionDefinition? Find(string sectionName)
    {
        foreach (var definition in Definitions)
        {
            if (sectionName.StartsWith(definition.Prefix, StringComparison.Ordinal))
                return definition;
        }
        return null;
    }

    /// <summary>The part of the section name after the prefix (tracepoint <c>category/name</c>, kprobe symbol).</summary>
    public string? AttachTarget(string sectionName) =>
        HasTarget && sectionName.Length > Prefix.Length ? sectionName[Prefix.Length..] : null;
}
