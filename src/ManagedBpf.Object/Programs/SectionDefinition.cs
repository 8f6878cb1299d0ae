namespace ManagedBpf.Programs;

/// <summary>
/// How a program's ELF section name maps to its type, expected attach type and load flags: libbpf's
/// section_defs table (src/libbpf.c, as of libbpf 1.7: the sections libbpf 1.1 lacks, tcx/, uprobe.multi/, the
/// sleepable tp.s/ and raw_tp.s/, the unix-socket cgroup hooks, are kinds 1.1 rejects, so no object 1.1 loads changes
/// meaning) and its matching rules (sec_def_matches). A pattern ending in '+' matches
/// the bare name or the name followed by '/' and a target; any other pattern
/// must match exactly.
/// </summary>
internal sealed record SectionDefinition(string Pattern, ProgramType Type, AttachType ExpectedAttachType = AttachType.None, SectionFlags Flags = SectionFlags.None)
{
    private static readonly SectionDefinition[] Definitions =
    [
        new("socket", ProgramType.SocketFilter),
        new("sk_reuseport/migrate", ProgramType.SkReuseport, AttachType.SkReuseportSelectOrMigrate),
        new("sk_reuseport", ProgramType.SkReuseport, AttachType.SkReuseportSelect),
        new("kprobe+", ProgramType.Kprobe),
        new("uprobe+", ProgramType.Kprobe),
        new("uprobe.s+", ProgramType.Kprobe, Flags: SectionFlags.Sleepable),
        new("kretprobe+", ProgramType.Kprobe),
        new("uretprobe+", ProgramType.Kprobe),
        new("uretprobe.s+", ProgramType.Kprobe, Flags: SectionFlags.Sleepable),
        new("kprobe.multi+", ProgramType.Kprobe, AttachType.TraceKprobeMulti),
        new("kretprobe.multi+", ProgramType.Kprobe, AttachType.TraceKprobeMulti),
        new("kprobe.session+", ProgramType.Kprobe, AttachType.TraceKprobeSession),
        new("uprobe.multi+", ProgramType.Kprobe, AttachType.TraceUprobeMulti),
        new("uretprobe.multi+", ProgramType.Kprobe, AttachType.TraceUprobeMulti),
        new("uprobe.session+", ProgramType.Kprobe, AttachType.TraceUprobeSession),
        new("uprobe.multi.s+", ProgramType.Kprobe, AttachType.TraceUprobeMulti, SectionFlags.Sleepable),
        new("uretprobe.multi.s+", ProgramType.Kprobe, AttachType.TraceUprobeMulti, SectionFlags.Sleepable),
        new("uprobe.session.s+", ProgramType.Kprobe, AttachType.TraceUprobeSession, SectionFlags.Sleepable),
        new("ksyscall+", ProgramType.Kprobe),
        new("kretsyscall+", ProgramType.Kprobe),
        new("usdt+", ProgramType.Kprobe),
        new("usdt.s+", ProgramType.Kprobe, Flags: SectionFlags.Sleepable),
        // tc/ingress and tc/egress are libbpf's aliases of tcx/ (libbpf 1.3+); plain tc is the legacy clsact filter.
        new("tc/ingress", ProgramType.SchedCls, AttachType.TcxIngress),
        new("tc/egress", ProgramType.SchedCls, AttachType.TcxEgress),
        new("tcx/ingress", ProgramType.SchedCls, AttachType.TcxIngress),
        new("tcx/egress", ProgramType.SchedCls, AttachType.TcxEgress),
        new("tc", ProgramType.SchedCls),
        new("classifier", ProgramType.SchedCls),
        new("action", ProgramType.SchedAct),
        new("netkit/primary", ProgramType.SchedCls, AttachType.NetkitPrimary),
        new("netkit/peer", ProgramType.SchedCls, AttachType.NetkitPeer),
        new("tracepoint+", ProgramType.Tracepoint),
        new("tp+", ProgramType.Tracepoint),
        new("tracepoint.s+", ProgramType.Tracepoint, Flags: SectionFlags.Sleepable),
        new("tp.s+", ProgramType.Tracepoint, Flags: SectionFlags.Sleepable),
        new("raw_tracepoint+", ProgramType.RawTracepoint),
        new("raw_tp+", ProgramType.RawTracepoint),
        new("raw_tracepoint.s+", ProgramType.RawTracepoint, Flags: SectionFlags.Sleepable),
        new("raw_tp.s+", ProgramType.RawTracepoint, Flags: SectionFlags.Sleepable),
        new("raw_tracepoint.w+", ProgramType.RawTracepointWritable),
        new("raw_tp.w+", ProgramType.RawTracepointWritable),
        new("tp_btf+", ProgramType.Tracing, AttachType.TraceRawTracepoint, SectionFlags.AttachBtf),
        new("tp_btf.s+", ProgramType.Tracing, AttachType.TraceRawTracepoint, SectionFlags.AttachBtf | SectionFlags.Sleepable),
        new("fentry+", ProgramType.Tracing, AttachType.TraceFentry, SectionFlags.AttachBtf),
        new("fmod_ret+", ProgramType.Tracing, AttachType.ModifyReturn, SectionFlags.AttachBtf),
        new("fexit+", ProgramType.Tracing, AttachType.TraceFexit, SectionFlags.AttachBtf),
        new("fentry.s+", ProgramType.Tracing, AttachType.TraceFentry, SectionFlags.AttachBtf | SectionFlags.Sleepable),
        new("fmod_ret.s+", ProgramType.Tracing, AttachType.ModifyReturn, SectionFlags.AttachBtf | SectionFlags.Sleepable),
        new("fexit.s+", ProgramType.Tracing, AttachType.TraceFexit, SectionFlags.AttachBtf | SectionFlags.Sleepable),
        new("lsm+", ProgramType.Lsm, AttachType.LsmMac, SectionFlags.AttachBtf),
        new("lsm.s+", ProgramType.Lsm, AttachType.LsmMac, SectionFlags.AttachBtf | SectionFlags.Sleepable),
        new("lsm_cgroup+", ProgramType.Lsm, AttachType.LsmCgroup, SectionFlags.AttachBtf),
        new("iter+", ProgramType.Tracing, AttachType.TraceIter, SectionFlags.AttachBtf),
        new("iter.s+", ProgramType.Tracing, AttachType.TraceIter, SectionFlags.AttachBtf | SectionFlags.Sleepable),
        new("syscall", ProgramType.Syscall, Flags: SectionFlags.Sleepable),
        new("xdp.frags/devmap", ProgramType.Xdp, AttachType.XdpDevMap, SectionFlags.XdpFragments),
        new("xdp/devmap", ProgramType.Xdp, AttachType.XdpDevMap),
        new("xdp.frags/cpumap", ProgramType.Xdp, AttachType.XdpCpuMap, SectionFlags.XdpFragments),
        new("xdp/cpumap", ProgramType.Xdp, AttachType.XdpCpuMap),
        new("xdp.frags", ProgramType.Xdp, AttachType.Xdp, SectionFlags.XdpFragments),
        new("xdp", ProgramType.Xdp, AttachType.Xdp),
        new("perf_event", ProgramType.PerfEvent),
        new("lwt_in", ProgramType.LwtIn),
        new("lwt_out", ProgramType.LwtOut),
        new("lwt_xmit", ProgramType.LwtXmit),
        new("lwt_seg6local", ProgramType.LwtSeg6Local),
        new("sockops", ProgramType.SockOps, AttachType.CgroupSockOps),
        new("sk_skb/stream_parser", ProgramType.SkSkb, AttachType.SkSkbStreamParser),
        new("sk_skb/stream_verdict", ProgramType.SkSkb, AttachType.SkSkbStreamVerdict),
        new("sk_skb/verdict", ProgramType.SkSkb, AttachType.SkSkbVerdict),
        new("sk_skb", ProgramType.SkSkb),
        new("sk_msg", ProgramType.SkMsg, AttachType.SkMsgVerdict),
        new("lirc_mode2", ProgramType.LircMode2, AttachType.LircMode2),
        new("flow_dissector", ProgramType.FlowDissector, AttachType.FlowDissector),
        new("cgroup_skb/ingress", ProgramType.CgroupSkb, AttachType.CgroupInetIngress),
        new("cgroup_skb/egress", ProgramType.CgroupSkb, AttachType.CgroupInetEgress),
        new("cgroup/skb", ProgramType.CgroupSkb),
        new("cgroup/sock_create", ProgramType.CgroupSock, AttachType.CgroupInetSockCreate),
        new("cgroup/sock_release", ProgramType.CgroupSock, AttachType.CgroupInetSockRelease),
        new("cgroup/sock", ProgramType.CgroupSock, AttachType.CgroupInetSockCreate),
        new("cgroup/post_bind4", ProgramType.CgroupSock, AttachType.CgroupInet4PostBind),
        new("cgroup/post_bind6", ProgramType.CgroupSock, AttachType.CgroupInet6PostBind),
        new("cgroup/bind4", ProgramType.CgroupSockAddr, AttachType.CgroupInet4Bind),
        new("cgroup/bind6", ProgramType.CgroupSockAddr, AttachType.CgroupInet6Bind),
        new("cgroup/connect4", ProgramType.CgroupSockAddr, AttachType.CgroupInet4Connect),
        new("cgroup/connect6", ProgramType.CgroupSockAddr, AttachType.CgroupInet6Connect),
        new("cgroup/connect_unix", ProgramType.CgroupSockAddr, AttachType.CgroupUnixConnect),
        new("cgroup/sendmsg4", ProgramType.CgroupSockAddr, AttachType.CgroupUdp4Sendmsg),
        new("cgroup/sendmsg6", ProgramType.CgroupSockAddr, AttachType.CgroupUdp6Sendmsg),
        new("cgroup/sendmsg_unix", ProgramType.CgroupSockAddr, AttachType.CgroupUnixSendmsg),
        new("cgroup/recvmsg4", ProgramType.CgroupSockAddr, AttachType.CgroupUdp4Recvmsg),
        new("cgroup/recvmsg6", ProgramType.CgroupSockAddr, AttachType.CgroupUdp6Recvmsg),
        new("cgroup/recvmsg_unix", ProgramType.CgroupSockAddr, AttachType.CgroupUnixRecvmsg),
        new("cgroup/getpeername4", ProgramType.CgroupSockAddr, AttachType.CgroupInet4Getpeername),
        new("cgroup/getpeername6", ProgramType.CgroupSockAddr, AttachType.CgroupInet6Getpeername),
        new("cgroup/getpeername_unix", ProgramType.CgroupSockAddr, AttachType.CgroupUnixGetpeername),
        new("cgroup/getsockname4", ProgramType.CgroupSockAddr, AttachType.CgroupInet4Getsockname),
        new("cgroup/getsockname6", ProgramType.CgroupSockAddr, AttachType.CgroupInet6Getsockname),
        new("cgroup/getsockname_unix", ProgramType.CgroupSockAddr, AttachType.CgroupUnixGetsockname),
        new("cgroup/sysctl", ProgramType.CgroupSysctl, AttachType.CgroupSysctl),
        new("cgroup/getsockopt", ProgramType.CgroupSockopt, AttachType.CgroupGetsockopt),
        new("cgroup/setsockopt", ProgramType.CgroupSockopt, AttachType.CgroupSetsockopt),
        new("cgroup/dev", ProgramType.CgroupDevice, AttachType.CgroupDevice),
        new("struct_ops+", ProgramType.StructOps),
        new("struct_ops.s+", ProgramType.StructOps, Flags: SectionFlags.Sleepable),
        new("sk_lookup", ProgramType.SkLookup, AttachType.SkLookup),
        new("netfilter", ProgramType.Netfilter, AttachType.Netfilter),
    ];

    /// <summary>The definition matching a section name (without any leading '?'), or null as libbpf would find none.</summary>
    public static SectionDefinition? Find(string sectionName) => Definitions.FirstOrDefault(d => d.Matches(sectionName));

    /// <summary>What follows a '+' pattern and its '/' (a tracepoint's <c>category/name</c>, a kernel function), if anything.</summary>
    public string? AttachTarget(string sectionName)
    {
        var prefix = Pattern.TrimEnd('+');
        return Pattern.EndsWith('+') && sectionName.Length > prefix.Length + 1 ? sectionName[(prefix.Length + 1)..] : null;
    }

    /// <summary>
    /// For SEC_ATTACH_BTF sections, the kernel BTF type whose id becomes attach_btf_id, named as libbpf's
    /// find_attach_btf_id names it: tp_btf targets the <c>btf_trace_NAME</c> typedef, lsm the <c>bpf_lsm_NAME</c>
    /// function, iter the <c>bpf_iter_NAME</c> function, fentry/fexit/fmod_ret the function itself.
    /// </summary>
    public (string Name, Btf.BtfKind Kind)? AttachBtfType(string sectionName) =>
        !Flags.HasFlag(SectionFlags.AttachBtf) || AttachTarget(sectionName) is not { } target ? null
        : ExpectedAttachType switch
        {
            AttachType.TraceRawTracepoint => ("btf_trace_" + target, Btf.BtfKind.Typedef),
            AttachType.LsmMac or AttachType.LsmCgroup => ("bpf_lsm_" + target, Btf.BtfKind.Function),
            AttachType.TraceIter => ("bpf_iter_" + target, Btf.BtfKind.Function),
            _ => (target, Btf.BtfKind.Function),
        };

    /// <summary>prog_flags the section implies: BPF_F_SLEEPABLE (1 &lt;&lt; 4), BPF_F_XDP_HAS_FRAGS (1 &lt;&lt; 5).</summary>
    public uint ProgramFlags =>
        (Flags.HasFlag(SectionFlags.Sleepable) ? 1u << 4 : 0) | (Flags.HasFlag(SectionFlags.XdpFragments) ? 1u << 5 : 0);

    private bool Matches(string sectionName)
    {
        if (!Pattern.EndsWith('+'))
            return sectionName == Pattern;
        var prefix = Pattern[..^1];
        return sectionName.StartsWith(prefix, StringComparison.Ordinal)
               && (sectionName.Length == prefix.Length || sectionName[prefix.Length] == '/');
    }
}

/// <summary>libbpf's SEC_* flags that change how a program loads.</summary>
[Flags]
internal enum SectionFlags
{
    None = 0,

    /// <summary>SEC_ATTACH_BTF: the target names a kernel BTF type whose id goes in attach_btf_id.</summary>
    AttachBtf = 1,

    /// <summary>SEC_SLEEPABLE.</summary>
    Sleepable = 2,

    /// <summary>SEC_XDP_FRAGS.</summary>
    XdpFragments = 4,
}
