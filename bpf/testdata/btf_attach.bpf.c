// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Programs whose section names a kernel BTF type: the loader must find its id and pass it as
 * attach_btf_id (tp_btf: the btf_trace_ typedef; iter: the bpf_iter_ function) with the expected
 * attach type libbpf gives each section.
 * (fentry/fexit/lsm need BPF trampolines, which this project's kernels refuse with EPERM.) */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

__u64 calls = 0;

/* A BTF-typed raw tracepoint: the context is the tracepoint's arguments (preempt, prev, next, ...),
 * and the verifier lets the program dereference the task pointers directly. */
SEC("tp_btf/sched_switch")
int switch_btf(unsigned long long *ctx)
{
	struct task_struct *next = (struct task_struct *)ctx[2];

	__sync_fetch_and_add(&calls, 1);
	return next->pid == 0;
}

/* A task iterator: attach_btf_id names the bpf_iter_task function. */
SEC("iter/task")
int each_task(unsigned long long *ctx)
{
	return 0;
}
