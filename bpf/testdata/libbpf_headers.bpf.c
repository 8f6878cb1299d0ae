// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What libbpf's own headers generate, as real tools use them: usdt.bpf.h (weak .maps definitions,
 * __hidden global subprograms that libbpf marks static in BTF so the verifier checks them in their
 * caller's context, and the LINUX_HAS_BPF_COOKIE kconfig extern), BPF_KSYSCALL (the
 * LINUX_HAS_SYSCALL_WRAPPER kconfig extern and both ways of reading syscall arguments), and a perf
 * event array without max_entries, which libbpf sizes to the number of possible CPUs.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/usdt.bpf.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* uapi values kernel_types.h does not carry */
#define MAP_TYPE_PERF_EVENT_ARRAY 4
#define BPF_F_CURRENT_CPU 0xffffffffULL

struct {
	__uint(type, MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(u32));
	__uint(value_size, sizeof(u32));
} events SEC(".maps");

SEC("usdt")
int BPF_USDT(usdt_args, long first, long second)
{
	long values[2] = { first, second };

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, values, sizeof(values));
	return 0;
}

SEC("ksyscall/kill")
int BPF_KSYSCALL(kill_entry, pid_t pid, int sig)
{
	long values[2] = { pid, sig };

	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, values, sizeof(values));
	return 0;
}
