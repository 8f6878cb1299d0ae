// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * CO-RE bitfield relocations: BPF_CORE_READ_BITFIELD_PROBED emits, per bitfield,
 * byte offset, byte size, lshift_u64, signed and rshift_u64. The local bitfields sit
 * at other bit offsets than the kernel's, so every shift changes. Also the explicit
 * bpf_core_field_* forms on a bitfield and on a plain signed int. Program type: raw_tp/.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

u64 bits[4];		/* .bss */
u32 shapes[8];

SEC("raw_tp/sched_switch")
int bitfields(struct bpf_raw_tracepoint_args *ctx)
{
	/* sched_switch(bool preempt, struct task_struct *prev, struct task_struct *next, ...) */
	struct task_struct *prev = (struct task_struct *)ctx->args[1];

	bits[0] = BPF_CORE_READ_BITFIELD_PROBED(prev, sched_reset_on_fork);
	bits[1] = BPF_CORE_READ_BITFIELD_PROBED(prev, sched_contributes_to_load);
	bits[2] = BPF_CORE_READ_BITFIELD_PROBED(prev, in_execve);
	bits[3] = BPF_CORE_READ_BITFIELD_PROBED(prev, in_iowait);
	return 0;
}

SEC("raw_tp/sched_process_fork")
int bitfield_info(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *child = (struct task_struct *)ctx->args[1];

	shapes[0] = bpf_core_field_offset(child->in_iowait);
	shapes[1] = bpf_core_field_size(child->in_iowait);
	shapes[2] = __builtin_preserve_field_info(child->in_iowait, BPF_FIELD_LSHIFT_U64);
	shapes[3] = __builtin_preserve_field_info(child->in_iowait, BPF_FIELD_RSHIFT_U64);
	shapes[4] = __builtin_preserve_field_info(child->in_iowait, BPF_FIELD_SIGNED);
	/* a plain signed int: signed = 1, shifts for a whole 4-byte load */
	shapes[5] = __builtin_preserve_field_info(child->prio, BPF_FIELD_SIGNED);
	shapes[6] = __builtin_preserve_field_info(child->prio, BPF_FIELD_LSHIFT_U64);
	shapes[7] = bpf_core_field_exists(child->in_execve);
	return 0;
}
