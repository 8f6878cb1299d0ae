using System.Globalization;

namespace ManagedBpf.Programs;

/// <summary>
/// Where a program's section says it attaches, read as libbpf's attach_* functions read it (src/libbpf.c:
/// attach_tp, attach_raw_tp, attach_kprobe, attach_ksyscall, attach_kprobe_multi, attach_uprobe,
/// attach_uprobe_multi, attach_usdt, attach_trace, attach_lsm, attach_iter). These are exactly the sections
/// libbpf's skeleton attaches by itself; every other kind needs a target only the user can name (an interface, a
/// cgroup, a socket), which <see cref="Of"/> says in its reason.
/// </summary>
public abstract record AttachPoint
{
    private AttachPoint()
    {
    }

    /// <summary><c>tp/CATEGORY/NAME</c>: a tracefs tracepoint through a perf event.</summary>
    public sealed record Tracepoint(string Category, string Name) : AttachPoint;

    /// <summary><c>raw_tp/NAME</c>: BPF_RAW_TRACEPOINT_OPEN on the tracepoint's name.</summary>
    public sealed record RawTracepoint(string Name) : AttachPoint;

    /// <summary><c>kprobe/FUNCTION[+OFFSET]</c>, <c>kretprobe/FUNCTION</c>.</summary>
    public sealed record Kprobe(string Function, ulong Offset, bool Return) : AttachPoint;

    /// <summary><c>ksyscall/NAME</c>, <c>kretsyscall/NAME</c>: a kprobe on the syscall's entry function.</summary>
    public sealed record Ksyscall(string Syscall, bool Return) : AttachPoint;

    /// <summary><c>kprobe.multi/PATTERN</c>, <c>kretprobe.multi/PATTERN</c>, <c>kprobe.session/PATTERN</c>.</summary>
    public sealed record KprobeMulti(string Pattern, bool Return, bool Session) : AttachPoint;

    /// <summary><c>uprobe/BINARY:FUNCTION[+OFFSET]</c>, <c>uretprobe/BINARY:FUNCTION</c>.</summary>
    public sealed record Uprobe(string Binary, string Function, ulong Offset, bool Return) : AttachPoint;

    /// <summary><c>uprobe.multi/BINARY:PATTERN</c>, <c>uretprobe.multi/...</c>, <c>uprobe.session/...</c>.</summary>
    public sealed record UprobeMulti(string Binary, string Pattern, bool Return, bool Session) : AttachPoint;

    /// <summary><c>usdt/BINARY:PROVIDER:NAME</c>: a uprobe at every site of a statically defined tracepoint.</summary>
    public sealed record Usdt(string Binary, string Provider, string Name) : AttachPoint;

    /// <summary>tp_btf, fentry, fexit, fmod_ret and lsm: the target was fixed at load (attach_btf_id).</summary>
    public sealed record Tracing : AttachPoint;

    /// <summary><c>iter/KIND</c>: a BPF iterator, read through BPF_ITER_CREATE.</summary>
    public sealed record Iterator : AttachPoint;

    /// <summary>
    /// Where <paramref name="program"/> attaches on its own, or null with the <paramref name="reason"/> libbpf's
    /// skeleton would leave it (a bare <c>SEC("kprobe")</c>, a program type that needs a target).
    /// </summary>
    /// <exception cref="BpfException">The section has the prefix of an auto-attached kind but not its syntax (libbpf
    /// fails the skeleton's attach with EINVAL then).</exception>
    public static AttachPoint? Of(ProgramSpec program, out string reason)
    {
        ArgumentNullException.ThrowIfNull(program);
        return Parse(program.SectionName.TrimStart('?'), program.Type, program.ExpectedAttachType, out reason);
    }

    /// <summary>
    /// The attach point of a program whose section is the bare <paramref name="section"/> (<c>kprobe</c>,
    /// <c>uprobe</c>, <c>usdt</c>, <c>tp</c> ...) given the target a user names, in the syntax the section would have
    /// carried: <c>do_unlinkat+8</c>, <c>/bin/bash:readline</c>, <c>sched/sched_switch</c>.
    /// </summary>
    /// <exception cref="BpfException">The target does not have the section's syntax, or the kind takes no such target.</exception>
    public static AttachPoint WithTarget(string section, ProgramType type, AttachType attachType, string target)
    {
        var bare = section.TrimStart('?');
        var slash = bare.IndexOf('/');
        var prefix = slash < 0 ? bare : bare[..slash];
        return Parse($"{prefix}/{target}", type, attachType, out var reason)
               ?? throw new BpfException($"section '{section}': a target ('{target}') does not make it attachable: {reason}");
    }

    private static AttachPoint? Parse(string section, ProgramType type, AttachType attachType, out string reason)
    {
        reason = "";
        var (prefix, target) = Split(section);
        switch (type)
        {
            case ProgramType.Tracepoint when prefix is "tp" or "tp.s" or "tracepoint" or "tracepoint.s":
                if (target is null)
                    return Bare(section, "CATEGORY/NAME", out reason);
                return target.Split('/', 2) is [var category, var name] && category.Length > 0 && name.Length > 0
                    ? new Tracepoint(category, name)
                    : throw Invalid(section, "tp/CATEGORY/NAME");
            case ProgramType.RawTracepoint or ProgramType.RawTracepointWritable:
                return target is null ? Bare(section, "NAME", out reason) : new RawTracepoint(target);
            case ProgramType.Kprobe:
                return Probe(section, prefix, target, attachType, out reason);
            case ProgramType.Tracing when attachType == AttachType.TraceIter:
                return new Iterator();
            case ProgramType.Tracing when attachType is AttachType.TraceRawTracepoint or AttachType.TraceFentry
                or AttachType.TraceFexit or AttachType.ModifyReturn:
            case ProgramType.Lsm when attachType == AttachType.LsmMac:
                return new Tracing();
        }
        reason = WhyNot(section, type, attachType);
        return null;
    }

    private static AttachPoint? Probe(string section, string prefix, string? target, AttachType attachType, out string reason)
    {
        reason = "";
        if (target is null)
            return Bare(section, prefix.StartsWith("usdt", StringComparison.Ordinal) ? "BINARY:PROVIDER:NAME"
                : prefix.StartsWith('u') ? "BINARY:FUNCTION" : "FUNCTION", out reason);
        switch (prefix)
        {
            case "kprobe" or "kretprobe":
                return Kernel(section, target, prefix == "kretprobe");
            case "ksyscall" or "kretsyscall":
                return new Ksyscall(target, prefix == "kretsyscall");
            case "kprobe.multi" or "kretprobe.multi" or "kprobe.session":
                var pattern = Leading(target, c => IsSymbolChar(c) || c is '*' or '?');
                return pattern.Length == 0
                    ? throw Invalid(section, $"{prefix}/PATTERN")
                    : new KprobeMulti(pattern, prefix == "kretprobe.multi", prefix == "kprobe.session");
            case "usdt" or "usdt.s":
                return target.Split(':') is [var binary, var provider, var name] && binary.Length > 0 && provider.Length > 0 && name.Length > 0
                    ? new Usdt(binary, provider, name)
                    : throw Invalid(section, "usdt/BINARY:PROVIDER:NAME");
        }
        // uprobe and its kinds: "%m[^/]/%m[^:]:%m[^\n]" — the binary runs to the first ':', the function is the rest.
        var colon = target.IndexOf(':');
        if (colon <= 0 || colon == target.Length - 1)
            throw Invalid(section, $"{prefix}/BINARY:FUNCTION");
        var (path, function) = (target[..colon], target[(colon + 1)..]);
        if (attachType is AttachType.TraceUprobeMulti or AttachType.TraceUprobeSession)
            return new UprobeMulti(path, function, prefix.StartsWith("uretprobe", StringComparison.Ordinal), attachType == AttachType.TraceUprobeSession);
        var isReturn = prefix.StartsWith("uretprobe", StringComparison.Ordinal);
        // A trailing "+OFFSET" that reads as a whole number is an offset; anything else stays part of the name.
        var plus = function.LastIndexOf('+');
        ulong offset = 0;
        if (plus > 0 && TryParseOffset(function[(plus + 1)..], out offset))
            function = function[..plus];
        if (isReturn && offset != 0)
            throw new BpfException($"section '{section}': uretprobes take no offset");
        return new Uprobe(path, function, offset, isReturn);
    }

    /// <summary>attach_kprobe's "%m[a-zA-Z0-9_.]+%li": the name is the leading run of symbol characters.</summary>
    private static Kprobe Kernel(string section, string target, bool isReturn)
    {
        var function = Leading(target, IsSymbolChar);
        if (function.Length == 0)
            throw Invalid(section, (isReturn ? "kretprobe" : "kprobe") + "/FUNCTION[+OFFSET]");
        ulong offset = 0;
        var rest = target[function.Length..];
        if (rest.StartsWith('+') && !TryParseOffset(rest[1..], out offset))
            throw new BpfException($"section '{section}': the kprobe offset must be a non-negative integer");
        if (isReturn && offset != 0)
            throw new BpfException($"section '{section}': kretprobes take no offset");
        return new Kprobe(function, offset, isReturn);
    }

    /// <summary>strtol's %li: decimal, 0x hexadecimal or 0 octal.</summary>
    private static bool TryParseOffset(string text, out ulong value)
    {
        value = 0;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            return text.Length > 2 && ulong.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        if (text.Length > 1 && text[0] == '0')
        {
            foreach (var c in text.AsSpan(1))
            {
                if (c is < '0' or > '7')
                    return false;
                value = value * 8 + (ulong)(c - '0');
            }
            return true;
        }
        return ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsSymbolChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.';

    private static string Leading(string text, Func<char, bool> allowed)
    {
        var n = 0;
        while (n < text.Length && allowed(text[n]))
            n++;
        return text[..n];
    }

    private static (string Prefix, string? Target) Split(string section)
    {
        var slash = section.IndexOf('/');
        return slash < 0 ? (section, null) : (section[..slash], slash == section.Length - 1 ? null : section[(slash + 1)..]);
    }

    private static AttachPoint? Bare(string section, string syntax, out string reason)
    {
        reason = $"section '{section}' names no target (auto-attach needs {section}/{syntax})";
        return null;
    }

    private static BpfException Invalid(string section, string syntax) =>
        new($"section '{section}' is not of the form {syntax}");

    /// <summary>Why a program of a kind libbpf never auto-attaches is left: what it needs a user to name.</summary>
    private static string WhyNot(string section, ProgramType type, AttachType attachType) => type switch
    {
        ProgramType.Xdp when attachType is AttachType.XdpDevMap or AttachType.XdpCpuMap => "runs from a devmap or cpumap entry",
        ProgramType.Xdp => "needs a network interface (xdp)",
        ProgramType.SchedCls or ProgramType.SchedAct => attachType is AttachType.NetkitPrimary or AttachType.NetkitPeer
            ? "needs a netkit device" : "needs a network interface and a direction (tc)",
        ProgramType.CgroupSkb or ProgramType.CgroupSock or ProgramType.CgroupSockAddr or ProgramType.CgroupSockopt
            or ProgramType.CgroupSysctl or ProgramType.CgroupDevice or ProgramType.SockOps => "needs a cgroup",
        ProgramType.Lsm => "needs a cgroup (lsm_cgroup)",
        ProgramType.SocketFilter => "needs a socket (SO_ATTACH_BPF)",
        ProgramType.SkReuseport => "needs a socket group (SO_ATTACH_REUSEPORT_EBPF)",
        ProgramType.SkSkb or ProgramType.SkMsg => "needs a sockmap",
        ProgramType.SkLookup or ProgramType.FlowDissector => "needs a network namespace",
        ProgramType.PerfEvent => "needs a perf event to sample (perf_event)",
        ProgramType.Netfilter => "needs a netfilter hook (protocol family, hook, priority)",
        ProgramType.StructOps => "runs through its struct_ops map",
        ProgramType.Syscall => "runs only through BPF_PROG_TEST_RUN",
        ProgramType.Ext => "replaces a function of another program",
        ProgramType.LwtIn or ProgramType.LwtOut or ProgramType.LwtXmit or ProgramType.LwtSeg6Local => "needs a route (ip route ... encap bpf)",
        ProgramType.LircMode2 => "needs a LIRC device",
        ProgramType.Unspecified => $"section '{section}' names no known program type",
        _ => $"section '{section}' has no automatic attachment",
    };
}
