/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The kernel types the test corpus touches, written by hand after bpf/vmlinux.h.
 * Every record between the pragmas is preserve_access_index: clang emits a CO-RE
 * relocation for each access, and the loader resolves it against the running
 * kernel's BTF by name. Member order, offsets and even nesting need not match the
 * kernel: only names and kinds do. Some records here deliberately differ from the
 * kernel (anonymous members declared directly, members declared in another order)
 * so that the relocation engine has real work to do. Checked against Linux 6.18 with
 *   bpftool btf dump file /sys/kernel/btf/vmlinux format raw
 * The uapi context records (__sk_buff, xdp_md) are outside the pragma: the kernel
 * rewrites context accesses itself, so their layout must be the uapi one.
 */
#ifndef __CORPUS_KERNEL_TYPES_H__
#define __CORPUS_KERNEL_TYPES_H__
/* tells bpf_tracing.h that struct pt_regs has the kernel's member names (di, si, ...),
 * as it does for a generated vmlinux.h, rather than the uapi ones (rdi, rsi, ...) */
#define __VMLINUX_H__

#include "../bpf_types.h"

typedef long long ktime_t;

enum xdp_action {
	XDP_ABORTED = 0,
	XDP_DROP = 1,
	XDP_PASS = 2,
};

#define TC_ACT_OK 0

/* uapi context records: not relocated, so laid out exactly as in <linux/bpf.h> */
struct __sk_buff {
	__u32 len;
	__u32 pkt_type;
	__u32 mark;
	__u32 queue_mapping;
	__u32 protocol;
	__u32 vlan_present;
	__u32 vlan_tci;
	__u32 vlan_proto;
	__u32 priority;
	__u32 ingress_ifindex;
	__u32 ifindex;
};

struct xdp_md {
	__u32 data;
	__u32 data_end;
	__u32 data_meta;
	__u32 ingress_ifindex;
	__u32 rx_queue_index;
	__u32 egress_ifindex;
};

struct bpf_raw_tracepoint_args {
	__u64 args[0];
};

/* kernel enums: values are what this header expects, the loader substitutes the kernel's */
enum pid_type {
	PIDTYPE_PID,
	PIDTYPE_TGID,
	PIDTYPE_PGID,
	PIDTYPE_SID,
	PIDTYPE_MAX,
};

/* an enum64 in the kernel (every value above 32 bits) */
enum perf_callchain_context {
	PERF_CONTEXT_HV = 0xffffffffffffffe0ULL,
	PERF_CONTEXT_KERNEL = 0xffffffffffffff80ULL,
	PERF_CONTEXT_USER = 0xfffffffffffffe00ULL,
	PERF_CONTEXT_MAX = 0xfffffffffffff001ULL,
};

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct pt_regs {
	unsigned long di;
	unsigned long si;
	unsigned long dx;
	unsigned long cx;
	unsigned long r8;
	unsigned long r9;
	unsigned long ax;
	unsigned long sp;
	unsigned long ip;
};

struct thread_info {
	unsigned long flags;
	u32 cpu;
};

struct sched_entity {
	u64 exec_start;
	u64 vruntime;
	union {
		s64 vlag;
		u64 vprot;
	};
};

struct rlimit {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

struct signal_struct {
	int nr_threads;
	struct rlimit rlim[16];
};

struct mm_struct;

/* declared in a different order than the kernel's, on purpose */
struct task_struct {
	int pid;
	int tgid;
	struct thread_info thread_info;
	unsigned int __state;
	unsigned int flags;
	int prio;
	int static_prio;
	struct sched_entity se;
	struct mm_struct *mm;
	int exit_code;
	unsigned int sched_reset_on_fork: 1;
	unsigned int sched_contributes_to_load: 1;
	unsigned int in_execve: 1;
	unsigned int in_iowait: 1;
	struct task_struct *real_parent;
	char comm[16];
	struct signal_struct *signal;
};

struct qstr {
	union {
		struct {
			u32 hash;
			u32 len;
		};
		u64 hash_len;
	};
	const unsigned char *name;
};

struct dentry {
	unsigned int d_flags;
	struct dentry *d_parent;
	union {
		struct qstr __d_name;
		const struct qstr d_name;
	};
};

struct vfsmount;

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* in the kernel f_path sits in an anonymous union; here it is a direct member */
struct file {
	unsigned int f_flags;
	struct path f_path;
};

struct sock;

struct sk_buff {
	union {
		struct {
			struct sk_buff *next;
			struct sk_buff *prev;
		};
	};
	struct sock *sk;
	union {
		ktime_t tstamp;
		u64 skb_mstamp_ns;
	};
	char cb[48];
	unsigned int len;
	unsigned int data_len;
};

#ifdef __TARGET_ARCH_arm64
/* only in the arm64 builds (bpf/testdata/arm64/, see bpf/build.sh): bpf_tracing.h reads an arm64
 * program's arguments through the uapi view of pt_regs. Last in the file, so the x86 objects'
 * line info is unchanged. */
struct user_pt_regs {
	__u64 regs[31];
	__u64 sp;
	__u64 pc;
	__u64 pstate;
};
#endif

#pragma clang attribute pop

#endif /* __CORPUS_KERNEL_TYPES_H__ */
