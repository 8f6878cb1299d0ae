namespace ManagedBpf.Programs;

/// <summary>enum bpf_prog_type (include/uapi/linux/bpf.h).</summary>
public enum ProgramType : uint
{
    /// <summary>BPF_PROG_TYPE_UNSPEC: no program type; the kernel refuses it.</summary>
    Unspecified = 0,

    /// <summary>BPF_PROG_TYPE_SOCKET_FILTER: filters a socket's packets (SO_ATTACH_BPF; 3.19).</summary>
    SocketFilter = 1,

    /// <summary>BPF_PROG_TYPE_KPROBE: runs on a kprobe, kretprobe, uprobe or uretprobe with pt_regs (4.1; kprobes need CONFIG_KPROBES).</summary>
    Kprobe = 2,

    /// <summary>BPF_PROG_TYPE_SCHED_CLS: a tc classifier on a network device's ingress or egress (4.1).</summary>
    SchedCls = 3,

    /// <summary>BPF_PROG_TYPE_SCHED_ACT: a tc action (4.1).</summary>
    SchedAct = 4,

    /// <summary>BPF_PROG_TYPE_TRACEPOINT: runs on a tracefs tracepoint with its record as context (4.7).</summary>
    Tracepoint = 5,

    /// <summary>BPF_PROG_TYPE_XDP: runs on each packet a network driver receives, before the stack (4.8).</summary>
    Xdp = 6,

    /// <summary>BPF_PROG_TYPE_PERF_EVENT: runs on a perf event's overflow, for sampling (4.9).</summary>
    PerfEvent = 7,

    /// <summary>BPF_PROG_TYPE_CGROUP_SKB: filters a cgroup's ingress and egress packets (4.10).</summary>
    CgroupSkb = 8,

    /// <summary>BPF_PROG_TYPE_CGROUP_SOCK: runs when a cgroup's process creates, binds or releases a socket (4.10).</summary>
    CgroupSock = 9,

    /// <summary>BPF_PROG_TYPE_LWT_IN: a lightweight tunnel's input hook (4.10).</summary>
    LwtIn = 10,

    /// <summary>BPF_PROG_TYPE_LWT_OUT: a lightweight tunnel's output hook (4.10).</summary>
    LwtOut = 11,

    /// <summary>BPF_PROG_TYPE_LWT_XMIT: a lightweight tunnel's transmit hook (4.10).</summary>
    LwtXmit = 12,

    /// <summary>BPF_PROG_TYPE_SOCK_OPS: TCP socket events of a cgroup (4.13).</summary>
    SockOps = 13,

    /// <summary>BPF_PROG_TYPE_SK_SKB: parses and redirects the packets of sockets in a sockmap (4.14).</summary>
    SkSkb = 14,

    /// <summary>BPF_PROG_TYPE_CGROUP_DEVICE: allows or denies a cgroup's device access (4.15).</summary>
    CgroupDevice = 15,

    /// <summary>BPF_PROG_TYPE_SK_MSG: verdicts on the messages sent on sockets in a sockmap (4.17).</summary>
    SkMsg = 16,

    /// <summary>BPF_PROG_TYPE_RAW_TRACEPOINT: runs on a tracepoint with its raw arguments (4.17).</summary>
    RawTracepoint = 17,

    /// <summary>BPF_PROG_TYPE_CGROUP_SOCK_ADDR: rewrites or refuses a cgroup's bind, connect, sendmsg and recvmsg addresses (4.17).</summary>
    CgroupSockAddr = 18,

    /// <summary>BPF_PROG_TYPE_LWT_SEG6LOCAL: an SRv6 local action (4.18).</summary>
    LwtSeg6Local = 19,

    /// <summary>BPF_PROG_TYPE_LIRC_MODE2: decodes infrared remote-control signals (4.18).</summary>
    LircMode2 = 20,

    /// <summary>BPF_PROG_TYPE_SK_REUSEPORT: picks the socket of a SO_REUSEPORT group (4.19).</summary>
    SkReuseport = 21,

    /// <summary>BPF_PROG_TYPE_FLOW_DISSECTOR: the network stack's flow dissector in BPF (4.20).</summary>
    FlowDissector = 22,

    /// <summary>BPF_PROG_TYPE_CGROUP_SYSCTL: allows, denies or rewrites a cgroup's sysctl access (5.2).</summary>
    CgroupSysctl = 23,

    /// <summary>BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: a raw tracepoint program that may write its tracepoint's buffer (5.2).</summary>
    RawTracepointWritable = 24,

    /// <summary>BPF_PROG_TYPE_CGROUP_SOCKOPT: a cgroup's getsockopt and setsockopt (5.3).</summary>
    CgroupSockopt = 25,

    /// <summary>BPF_PROG_TYPE_TRACING: fentry, fexit, fmod_ret, tp_btf and iterators, typed by the kernel's BTF (5.5; trampolines need arch support).</summary>
    Tracing = 26,

    /// <summary>BPF_PROG_TYPE_STRUCT_OPS: a function of a struct_ops map (5.6).</summary>
    StructOps = 27,

    /// <summary>BPF_PROG_TYPE_EXT: replaces a global function of another BPF program (freplace; 5.6).</summary>
    Ext = 28,

    /// <summary>BPF_PROG_TYPE_LSM: a Linux security module hook (5.7; needs CONFIG_BPF_LSM and the bpf LSM enabled).</summary>
    Lsm = 29,

    /// <summary>BPF_PROG_TYPE_SK_LOOKUP: picks the socket for an incoming connection in a network namespace (5.9).</summary>
    SkLookup = 30,

    /// <summary>BPF_PROG_TYPE_SYSCALL: a sleepable program run by BPF_PROG_TEST_RUN that may call the bpf syscall (5.14).</summary>
    Syscall = 31,

    /// <summary>BPF_PROG_TYPE_NETFILTER: a netfilter hook (6.4).</summary>
    Netfilter = 32,
}
