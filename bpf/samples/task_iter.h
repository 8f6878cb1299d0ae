/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* The record get_tasks writes into the iterator's seq_file for each task (task_iter.bpf.c). */
#ifndef SAMPLES_TASK_ITER_H
#define SAMPLES_TASK_ITER_H

#define TASK_COMM_LEN 16
#define MAX_STACK_LEN 127

struct task_info {
	pid_t pid;		/* thread group id */
	pid_t tid;		/* the task's own id */
	__u32 state;		/* __state (5.14+) or state */
	char comm[TASK_COMM_LEN];
	int kstack_len;		/* frames in kstack, or bpf_get_task_stack's negative errno */
	__u64 kstack[MAX_STACK_LEN];
};

#endif
