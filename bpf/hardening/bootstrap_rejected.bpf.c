// SPDX-License-Identifier: GPL-2.0
// bootstrap.bpf.c's whole shape (its maps, variables and programs, which ProcTracer's generated BootstrapObject
// requires of any --object) with one program the verifier must reject: handle_exec_raw, which the tracer loads in
// place of handle_exec, reads memory through a number. For ProcTracer's hardening tests (tests/ManagedBpf.Tests/Hardening).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "../bootstrap.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, pid_t);
	__type(value, u64);
} exec_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} rb SEC(".maps");

#include "../lost_events.h"

const volatile unsigned long long min_duration_ns = 0;
struct event *const unused_event = 0;

SEC("tp/sched/sched_process_exec")
int handle_exec(void *ctx)
{
	return 0;
}

SEC("tp/sched/sched_process_exit")
int handle_exit(void *ctx)
{
	return 0;
}

SEC("?raw_tp/sched_process_exec")
int handle_exec_raw(void *ctx)
{
	/* A helper's return value is a scalar, not a pointer: dereferencing it is "invalid mem access". */
	long *p = (long *)bpf_get_current_pid_tgid();

	return *p == (long)min_duration_ns;
}

SEC("?raw_tp/sched_process_exit")
int handle_exit_raw(void *ctx)
{
	return 0;
}
