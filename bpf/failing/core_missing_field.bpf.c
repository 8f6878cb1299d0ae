// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* A program that reads, unguarded, a field no kernel has. The CO-RE relocation cannot be resolved, so
 * the loader poisons the instruction (libbpf's invalid call 0xbad2310) and the verifier rejects the
 * reachable path: the load must fail with a message that names the program, the relocation, the
 * access path and this file's line. Not part of the corpus: it must not load. */
#include "../vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct___future {
	int no_such_field;
} __attribute__((preserve_access_index));

SEC("tp/sched/sched_process_exec")
int reads_missing_field(void *ctx)
{
	return BPF_CORE_READ((struct task_struct___future *)bpf_get_current_task(), no_such_field);
}
