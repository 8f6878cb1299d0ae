// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf-bootstrap's profile, for samples/Profile: a perf_event program, run at each sample of a CPU clock on
 * every CPU, that sends the interrupted task's pid, comm, CPU and its kernel and user stacks to user space
 * through the ring buffer events.
 */
#include "sample_kernel.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "profile.h"

#define BPF_F_USER_STACK (1ULL << 8)

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Anchors struct stacktrace_event in the object's BTF for the generated C# (docs/codegen.md). */
const struct stacktrace_event *unused_stacktrace_event __attribute__((unused));

SEC("perf_event")
int profile(void *ctx)
{
	struct stacktrace_event *event = bpf_ringbuf_reserve(&events, sizeof(*event), 0);

	if (!event)
		return 1;
	event->pid = bpf_get_current_pid_tgid() >> 32;
	event->cpu_id = bpf_get_smp_processor_id();
	if (bpf_get_current_comm(event->comm, sizeof(event->comm)))
		event->comm[0] = 0;
	/* The interrupted context's stacks: the kernel's, then (BPF_F_USER_STACK) the user one it entered from. */
	event->kstack_sz = bpf_get_stack(ctx, event->kstack, sizeof(event->kstack), 0);
	event->ustack_sz = bpf_get_stack(ctx, event->ustack, sizeof(event->ustack), BPF_F_USER_STACK);
	bpf_ringbuf_submit(event, 0);
	return 0;
}
