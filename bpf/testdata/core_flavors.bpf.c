// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * ___flavor type names, guarded accesses and relocations that cannot resolve.
 * struct task_struct___v1 / ___old are flavors of the kernel's task_struct: the loader
 * drops the ___suffix to find candidates. no_such_field and the old long 'state' (renamed
 * __state in 5.14) exist in no kernel of ours: their bpf_core_field_exists guards relocate
 * to 0, and the reads behind them, on paths the verifier never takes, cannot resolve, so
 * libbpf poisons them (call 0xbad2310) and the program still loads. The same for a type
 * size of a type no kernel has and an enum value no kernel has (an ld_imm64, poisoned
 * differently). Program types: kprobe/, tp/.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct task_struct___v1 {
	int tgid;
	int pid;
	struct task_struct___v1 *real_parent;
	int no_such_field;
} __attribute__((preserve_access_index));

struct task_struct___old {
	long state;
} __attribute__((preserve_access_index));

struct corpus_missing___v7 {
	long a, b, c;
} __attribute__((preserve_access_index));

enum pid_type___future {
	PIDTYPE_PID___future = 0,
	PIDTYPE_CORPUS_NONE___future = 42,
};

s64 flavor_out[8];

SEC("kprobe/wake_up_new_task")
int flavors_kprobe(struct pt_regs *ctx)
{
	struct task_struct___v1 *t = (void *)PT_REGS_PARM1(ctx);

	flavor_out[0] = BPF_CORE_READ(t, pid);
	flavor_out[1] = BPF_CORE_READ(t, real_parent, tgid);
	/* guarded: the guard relocates to 0, the read is poisoned and never runs */
	if (bpf_core_field_exists(t->no_such_field))
		flavor_out[2] = BPF_CORE_READ(t, no_such_field);
	else
		flavor_out[2] = -1;
	return 0;
}

SEC("tp/sched/sched_process_exit")
int flavors_tp(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();
	struct task_struct___old *old = (void *)task;

	/* the classic state / __state compatibility read */
	if (bpf_core_field_exists(old->state))
		flavor_out[3] = BPF_CORE_READ(old, state);
	else
		flavor_out[3] = BPF_CORE_READ(task, __state);

	if (bpf_core_type_exists(struct corpus_missing___v7))
		flavor_out[4] = bpf_core_type_size(struct corpus_missing___v7);

	if (bpf_core_enum_value_exists(enum pid_type___future, PIDTYPE_CORPUS_NONE___future))
		flavor_out[5] = bpf_core_enum_value(enum pid_type___future, PIDTYPE_CORPUS_NONE___future);
	flavor_out[6] = bpf_core_enum_value(enum pid_type___future, PIDTYPE_PID___future);
	return 0;
}
