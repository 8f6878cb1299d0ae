// SPDX-License-Identifier: GPL-2.0
// A program the verifier must reject, for ProcTracer's hardening tests (tests/ManagedBpf.Tests/Hardening):
// it has bootstrap's shape (the same variable, map and tracepoint) but reads memory through a number.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

const volatile unsigned long long min_duration_ns = 0;

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

SEC("tp/sched/sched_process_exec")
int handle_exec(void *ctx)
{
	/* A helper's return value is a scalar, not a pointer: dereferencing it is "invalid mem access". */
	long *p = (long *)bpf_get_current_pid_tgid();

	return *p == (long)min_duration_ns;
}
