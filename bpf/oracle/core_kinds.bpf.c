// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Every CO-RE relocation kind against real kernel types, for comparing ManagedBpf's
 * relocator with libbpf's decisions (`bpftool -d prog loadall`). Types are declared
 * here with preserve_access_index: only names matter, layouts come from the kernel. */
typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct task_struct {
	int pid;
	int tgid;
	unsigned int sched_reset_on_fork:1;
	unsigned int sched_contributes_to_load:1;
	char comm[16];
	struct task_struct *real_parent;
	int exit_code;
};

/* A flavor that does not exist in any kernel: the guarded read must be poisoned. */
struct task_struct___missing {
	int no_such_field;
};

/* next lives in anonymous unions/structs in the kernel; pkt_type is a 3-bit bitfield. */
struct sk_buff {
	struct sk_buff *next;
	unsigned int len;
	__u8 pkt_type:3;
	__u16 protocol;
};

struct not_in_kernel {
	int x;
};

struct sched_entity {
	__u64 sum_exec_runtime;
};

struct rlimit {
	__u64 rlim_cur;
	__u64 rlim_max;
};

struct signal_struct {
	struct rlimit rlim[16];
};

struct task_struct___nested {
	struct sched_entity se;
	struct signal_struct *signal;
};

/* Wider than the kernel's fields: an unsigned field may be loaded narrower, a signed one may not. */
struct trace_event_raw_sched_process_exec___wide {
	__u64 __data_loc_filename;
	long pid;
};

#pragma clang attribute pop

enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_RINGBUF = 27,
	BPF_MAP_TYPE_MADE_UP = 1000,
};

/* ENUM64 in the kernel (values near 2^64), a 32-bit enum here. */
enum perf_callchain_context {
	PERF_CONTEXT_KERNEL = 1,
};

enum bpf_map_type___flavor {
	BPF_MAP_TYPE_ARRAY___flavor = 2,
};

char LICENSE[] SEC("license") = "Dual BSD/GPL";

__u64 out[32];

SEC("tp/sched/sched_process_exec")
int core_kinds(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct task_struct___missing *m = (void *)t;
	/* Not a constant, so the guarded reads below stay in the program. */
	struct sk_buff *skb = (void *)out[31];

	out[0] = bpf_core_field_exists(t->pid);
	out[1] = bpf_core_field_size(t->comm);
	out[2] = bpf_core_field_offset(t->comm[3]);
	out[3] = BPF_CORE_READ_BITFIELD_PROBED(t, sched_reset_on_fork);
	out[4] = BPF_CORE_READ_BITFIELD_PROBED(t, sched_contributes_to_load);
	out[5] = __builtin_preserve_field_info(t->exit_code, BPF_FIELD_SIGNED);
	out[6] = bpf_core_type_exists(struct task_struct);
	out[7] = bpf_core_type_exists(struct not_in_kernel);
	out[8] = bpf_core_type_size(struct task_struct);
	out[9] = bpf_core_type_id_kernel(struct task_struct);
	out[10] = bpf_core_type_id_local(struct task_struct);
	out[11] = bpf_core_type_matches(struct task_struct);
	out[12] = bpf_core_enum_value_exists(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF);
	out[13] = bpf_core_enum_value(enum bpf_map_type, BPF_MAP_TYPE_RINGBUF);
	out[14] = bpf_core_enum_value_exists(enum bpf_map_type, BPF_MAP_TYPE_MADE_UP);
	out[15] = bpf_core_enum_value(enum bpf_map_type___flavor, BPF_MAP_TYPE_ARRAY___flavor);
	out[16] = bpf_core_field_exists(m->no_such_field);
	if (bpf_core_field_exists(m->no_such_field))
		out[17] = BPF_CORE_READ(m, no_such_field);
	out[18] = BPF_CORE_READ(t, real_parent, pid);
	if (skb) {
		out[19] = BPF_CORE_READ(skb, len);
		out[20] = (__u64)BPF_CORE_READ(skb, next);
		out[21] = BPF_CORE_READ_BITFIELD_PROBED(skb, pkt_type);
		out[22] = BPF_CORE_READ(skb, protocol);
	}
	out[23] = bpf_core_field_size(skb->pkt_type);
	out[24] = bpf_core_field_exists(struct sk_buff, len);
	out[25] = bpf_core_enum_value(enum perf_callchain_context, PERF_CONTEXT_KERNEL);
	out[26] = BPF_CORE_READ((struct task_struct___nested *)t, se.sum_exec_runtime);
	out[27] = BPF_CORE_READ((struct task_struct___nested *)t, signal, rlim[3].rlim_max);
	return 0;
}

/* Direct context loads (LDX) whose size changes: the second one is poisoned by libbpf. */
SEC("tracepoint/sched/sched_process_exec")
int core_ldx(struct trace_event_raw_sched_process_exec___wide *ctx)
{
	out[28] = ctx->__data_loc_filename;
	if (out[29])
		out[30] = ctx->pid;
	return 0;
}
