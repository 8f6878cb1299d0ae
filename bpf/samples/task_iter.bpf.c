// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's task_iter, for samples/TaskIter: a task iterator that writes one struct task_info
 * (task_iter.h) per task, with its kernel stack, into the seq_file user space reads.
 */
#include "sample_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "task_iter.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* struct task_info is over 1 KiB, more than the 512-byte BPF stack: it is built in a per-CPU slot. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct task_info);
} task_info_buf SEC(".maps");

/* Linux 5.14 renamed task_struct's long state to unsigned int __state (commit 2f064a59a11f); CO-RE picks
 * whichever the running kernel has. */
struct task_struct___before_5_14 {
	long state;
} __attribute__((preserve_access_index));

struct task_struct___since_5_14 {
	unsigned int __state;
} __attribute__((preserve_access_index));

static __u32 task_state(void *task)
{
	if (bpf_core_field_exists(struct task_struct___before_5_14, state))
		return ((struct task_struct___before_5_14 *)task)->state;
	return ((struct task_struct___since_5_14 *)task)->__state;
}

static const __u32 slot = 0;

SEC("iter/task")
int get_tasks(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;
	struct task_info *info;
	long size;

	/* The iterator calls once more with no task at the end of the walk. */
	if (!task)
		return 0;
	info = bpf_map_lookup_elem(&task_info_buf, &slot);
	if (!info)
		return 0;
	info->pid = task->tgid;
	info->tid = task->pid;
	info->state = task_state(task);
	bpf_probe_read_kernel_str(info->comm, sizeof(info->comm), task->comm);
	size = bpf_get_task_stack(task, info->kstack, sizeof(info->kstack), 0);
	info->kstack_len = size <= 0 ? size : size / sizeof(info->kstack[0]);
	bpf_seq_write(ctx->meta->seq, info, sizeof(*info));
	return 0;
}
