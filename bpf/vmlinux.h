/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A hand-written subset of the kernel's types: only what our BPF programs touch.
 * Every record is preserve_access_index, so clang emits CO-RE relocations and the
 * loader fixes offsets against the running kernel's BTF: the layouts below need
 * only name the members, not match any kernel.
 */
#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#include "bpf_types.h"

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

struct task_struct {
	int pid;
	int tgid;
	int exit_code;
	struct task_struct *real_parent;
};

struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

struct trace_event_raw_sched_process_exec {
	struct trace_entry ent;
	u32 __data_loc_filename;
	pid_t pid;
	pid_t old_pid;
	char __data[0];
};

#pragma clang attribute pop

#endif /* __VMLINUX_H__ */
