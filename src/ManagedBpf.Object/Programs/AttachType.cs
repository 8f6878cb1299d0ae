namespace ManagedBpf.Programs;

/// <summary>enum bpf_attach_type (include/uapi/linux/bpf.h): a program's expected_attach_type and link attach types.</summary>
public enum AttachType : uint
{
    /// <summary>BPF_CGROUP_INET_INGRESS: a cgroup's incoming packets (4.10).</summary>
    CgroupInetIngress = 0,

    /// <summary>BPF_CGROUP_INET_EGRESS: a cgroup's outgoing packets (4.10).</summary>
    CgroupInetEgress = 1,

    /// <summary>BPF_CGROUP_INET_SOCK_CREATE: socket creation in a cgroup (4.10).</summary>
    CgroupInetSockCreate = 2,

    /// <summary>BPF_CGROUP_SOCK_OPS: TCP socket events of a cgroup (4.13).</summary>
    CgroupSockOps = 3,

    /// <summary>BPF_SK_SKB_STREAM_PARSER: the message parser of a sockmap (4.14).</summary>
    SkSkbStreamParser = 4,

    /// <summary>BPF_SK_SKB_STREAM_VERDICT: the stream verdict of a sockmap (4.14).</summary>
    SkSkbStreamVerdict = 5,

    /// <summary>BPF_CGROUP_DEVICE: device access in a cgroup (4.15).</summary>
    CgroupDevice = 6,

    /// <summary>BPF_SK_MSG_VERDICT: the sendmsg verdict of a sockmap (4.17).</summary>
    SkMsgVerdict = 7,

    /// <summary>BPF_CGROUP_INET4_BIND: IPv4 bind in a cgroup (4.17).</summary>
    CgroupInet4Bind = 8,

    /// <summary>BPF_CGROUP_INET6_BIND: IPv6 bind in a cgroup (4.17).</summary>
    CgroupInet6Bind = 9,

    /// <summary>BPF_CGROUP_INET4_CONNECT: IPv4 connect in a cgroup (4.17).</summary>
    CgroupInet4Connect = 10,

    /// <summary>BPF_CGROUP_INET6_CONNECT: IPv6 connect in a cgroup (4.17).</summary>
    CgroupInet6Connect = 11,

    /// <summary>BPF_CGROUP_INET4_POST_BIND: after an IPv4 bind in a cgroup (4.17).</summary>
    CgroupInet4PostBind = 12,

    /// <summary>BPF_CGROUP_INET6_POST_BIND: after an IPv6 bind in a cgroup (4.17).</summary>
    CgroupInet6PostBind = 13,

    /// <summary>BPF_CGROUP_UDP4_SENDMSG: UDPv4 sendmsg in a cgroup (4.18).</summary>
    CgroupUdp4Sendmsg = 14,

    /// <summary>BPF_CGROUP_UDP6_SENDMSG: UDPv6 sendmsg in a cgroup (4.18).</summary>
    CgroupUdp6Sendmsg = 15,

    /// <summary>BPF_LIRC_MODE2: an infrared receiver device (4.18).</summary>
    LircMode2 = 16,

    /// <summary>BPF_FLOW_DISSECTOR: a network namespace's flow dissector (4.20).</summary>
    FlowDissector = 17,

    /// <summary>BPF_CGROUP_SYSCTL: sysctl access in a cgroup (5.2).</summary>
    CgroupSysctl = 18,

    /// <summary>BPF_CGROUP_UDP4_RECVMSG: UDPv4 recvmsg in a cgroup (5.2).</summary>
    CgroupUdp4Recvmsg = 19,

    /// <summary>BPF_CGROUP_UDP6_RECVMSG: UDPv6 recvmsg in a cgroup (5.2).</summary>
    CgroupUdp6Recvmsg = 20,

    /// <summary>BPF_CGROUP_GETSOCKOPT: getsockopt in a cgroup (5.3).</summary>
    CgroupGetsockopt = 21,

    /// <summary>BPF_CGROUP_SETSOCKOPT: setsockopt in a cgroup (5.3).</summary>
    CgroupSetsockopt = 22,

    /// <summary>BPF_TRACE_RAW_TP: a BTF-typed raw tracepoint, tp_btf (5.5).</summary>
    TraceRawTracepoint = 23,

    /// <summary>BPF_TRACE_FENTRY: the entry of a kernel function through a BPF trampoline (5.5).</summary>
    TraceFentry = 24,

    /// <summary>BPF_TRACE_FEXIT: the exit of a kernel function through a BPF trampoline (5.5).</summary>
    TraceFexit = 25,

    /// <summary>BPF_MODIFY_RETURN: a kernel function whose return value the program may change, fmod_ret (5.7).</summary>
    ModifyReturn = 26,

    /// <summary>BPF_LSM_MAC: an LSM hook (5.7).</summary>
    LsmMac = 27,

    /// <summary>BPF_TRACE_ITER: a BPF iterator (5.8).</summary>
    TraceIter = 28,

    /// <summary>BPF_CGROUP_INET4_GETPEERNAME: IPv4 getpeername in a cgroup (5.8).</summary>
    CgroupInet4Getpeername = 29,

    /// <summary>BPF_CGROUP_INET6_GETPEERNAME: IPv6 getpeername in a cgroup (5.8).</summary>
    CgroupInet6Getpeername = 30,

    /// <summary>BPF_CGROUP_INET4_GETSOCKNAME: IPv4 getsockname in a cgroup (5.8).</summary>
    CgroupInet4Getsockname = 31,

    /// <summary>BPF_CGROUP_INET6_GETSOCKNAME: IPv6 getsockname in a cgroup (5.8).</summary>
    CgroupInet6Getsockname = 32,

    /// <summary>BPF_XDP_DEVMAP: an XDP program run on redirect to a devmap entry (5.8).</summary>
    XdpDevMap = 33,

    /// <summary>BPF_CGROUP_INET_SOCK_RELEASE: socket release in a cgroup (5.9).</summary>
    CgroupInetSockRelease = 34,

    /// <summary>BPF_XDP_CPUMAP: an XDP program run on redirect to a cpumap entry (5.9).</summary>
    XdpCpuMap = 35,

    /// <summary>BPF_SK_LOOKUP: socket lookup in a network namespace (5.9).</summary>
    SkLookup = 36,

    /// <summary>BPF_XDP: XDP through a bpf link (5.9).</summary>
    Xdp = 37,

    /// <summary>BPF_SK_SKB_VERDICT: the verdict of a sockmap, for TCP and UDP (5.13).</summary>
    SkSkbVerdict = 38,

    /// <summary>BPF_SK_REUSEPORT_SELECT: socket selection in a SO_REUSEPORT group (5.14).</summary>
    SkReuseportSelect = 39,

    /// <summary>BPF_SK_REUSEPORT_SELECT_OR_MIGRATE: socket selection or migration in a SO_REUSEPORT group (5.14).</summary>
    SkReuseportSelectOrMigrate = 40,

    /// <summary>BPF_PERF_EVENT: a perf event (kprobe, uprobe, tracepoint) through a bpf link (5.15).</summary>
    PerfEvent = 41,

    /// <summary>BPF_TRACE_KPROBE_MULTI: many kprobes through one link (5.18).</summary>
    TraceKprobeMulti = 42,

    /// <summary>BPF_LSM_CGROUP: an LSM hook for one cgroup (6.0).</summary>
    LsmCgroup = 43,

    /// <summary>BPF_STRUCT_OPS: a struct_ops map registered through a bpf link (6.4).</summary>
    StructOps = 44,

    /// <summary>BPF_NETFILTER: a netfilter hook (6.4).</summary>
    Netfilter = 45,

    /// <summary>BPF_TCX_INGRESS: tc ingress through a tcx link (6.6).</summary>
    TcxIngress = 46,

    /// <summary>BPF_TCX_EGRESS: tc egress through a tcx link (6.6).</summary>
    TcxEgress = 47,

    /// <summary>BPF_TRACE_UPROBE_MULTI: many uprobes through one link (6.6).</summary>
    TraceUprobeMulti = 48,

    /// <summary>BPF_CGROUP_UNIX_CONNECT: connect() on a unix socket in a cgroup (6.7).</summary>
    CgroupUnixConnect = 49,

    /// <summary>BPF_CGROUP_UNIX_SENDMSG: sendmsg() on a unix datagram socket in a cgroup (6.7).</summary>
    CgroupUnixSendmsg = 50,

    /// <summary>BPF_CGROUP_UNIX_RECVMSG: recvmsg() on a unix datagram socket in a cgroup (6.7).</summary>
    CgroupUnixRecvmsg = 51,

    /// <summary>BPF_CGROUP_UNIX_GETPEERNAME: getpeername() on a unix socket in a cgroup (6.7).</summary>
    CgroupUnixGetpeername = 52,

    /// <summary>BPF_CGROUP_UNIX_GETSOCKNAME: getsockname() on a unix socket in a cgroup (6.7).</summary>
    CgroupUnixGetsockname = 53,

    /// <summary>BPF_NETKIT_PRIMARY: the primary side of a netkit device (6.7).</summary>
    NetkitPrimary = 54,

    /// <summary>BPF_NETKIT_PEER: the peer side of a netkit device (6.7).</summary>
    NetkitPeer = 55,

    /// <summary>BPF_TRACE_KPROBE_SESSION: one program on a kprobe's entry and return (6.10).</summary>
    TraceKprobeSession = 56,

    /// <summary>BPF_TRACE_UPROBE_SESSION: one program on a uprobe's entry and return (6.13).</summary>
    TraceUprobeSession = 57,

    /// <summary>Zero is also BPF_CGROUP_INET_INGRESS: the kernel ignores expected_attach_type for types that have none.</summary>
    None = 0,
}
