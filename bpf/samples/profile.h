/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* The ring buffer record of profile.bpf.c: one sample's task and its kernel and user stacks. */
#ifndef SAMPLES_PROFILE_H
#define SAMPLES_PROFILE_H

#define TASK_COMM_LEN 16
#define MAX_STACK_DEPTH 128

typedef __u64 stack_trace_t[MAX_STACK_DEPTH];

struct stacktrace_event {
	__u32 pid;
	__u32 cpu_id;
	char comm[TASK_COMM_LEN];
	__s32 kstack_sz;	/* bytes of kstack filled, or bpf_get_stack's negative errno */
	__s32 ustack_sz;	/* the same for ustack */
	stack_trace_t kstack;	/* return addresses, innermost first */
	stack_trace_t ustack;
};

#endif
