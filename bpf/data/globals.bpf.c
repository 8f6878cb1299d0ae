// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Global variables in every kind of data section, for the live-variable tests (tests/ManagedBpf.Tests/Globals):
 * bump, run with BPF_PROG_TEST_RUN, adds .data's step to .bss's counter, copies .rodata's limit, and counts its
 * runs in a custom section and in a section of statics only (which libbpf leaves unmapped). */
#include "data_types.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct pair {
	__u32 limit_seen;
	__u32 runs;
};

/* .bss */
__u64 counter;
struct pair pair;
/* .data */
__u64 step = 1;
/* .rodata */
const volatile __u32 limit = 100;
/* a custom data section with a global: mapped like .data */
__u64 custom_runs SEC(".data.custom") = 0;
/* a custom section of statics only: not mmapable, so not a live variable */
static __u64 static_runs SEC(".data.statics") = 0;

SEC("raw_tp/bump")
int bump(void *ctx)
{
	__sync_fetch_and_add(&counter, step);
	pair.limit_seen = limit;
	pair.runs++;
	custom_runs++;
	static_runs++;
	return static_runs;
}
