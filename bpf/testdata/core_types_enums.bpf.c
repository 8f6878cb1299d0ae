// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * CO-RE type and enum relocations: type id local and target, type exists (true and
 * false), type size, type matches (true and false,
 * and the integer-name pitfall), enum value exists (true and
 * false), enum value (32-bit enum, flavored enum, and a kernel enum64). Program type: tp/.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* a type no kernel has: type exists = 0 */
struct corpus_no_such_type {
	int x;
};

/* same member names, kinds and sizes as the kernel's struct rlimit, yet does NOT match:
 * type matching compares integer names after typedefs are stripped, and clang names
 * this 'unsigned long' where the kernel's BTF (pahole) says 'long unsigned int' */
struct rlimit___match {
	unsigned long rlim_cur;
	unsigned long rlim_max;
};

/* matches: pointer members are compared by kind and name of the pointee only */
struct path___match {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* does not match: rlim_cur has the wrong size */
struct rlimit___mismatch {
	unsigned char rlim_cur;
};

/* a flavor of enum pid_type with its enumerators flavored too, one of them unknown */
enum pid_type___v2 {
	PIDTYPE_TGID___v2 = 100,
	PIDTYPE_SID___v2 = 101,
	PIDTYPE_GONE___v2 = 102,
};

u64 type_ids[4];
u64 type_facts[11];
u64 enum_facts[8];

SEC("tp/syscalls/sys_enter_getppid")
int types_tp(void *ctx)
{
	type_ids[0] = bpf_core_type_id_local(struct task_struct);
	type_ids[1] = bpf_core_type_id_kernel(struct task_struct);
	type_ids[2] = bpf_core_type_id_local(struct rlimit___match);
	type_ids[3] = bpf_core_type_id_kernel(struct rlimit___match);

	type_facts[0] = bpf_core_type_exists(struct task_struct);
	type_facts[1] = bpf_core_type_exists(struct corpus_no_such_type);
	type_facts[2] = bpf_core_type_size(struct task_struct);
	type_facts[3] = bpf_core_type_size(struct sk_buff);
	type_facts[4] = bpf_core_type_matches(struct rlimit___match);
	type_facts[5] = bpf_core_type_matches(struct rlimit___mismatch);
	type_facts[6] = bpf_core_type_exists(enum pid_type___v2);
	type_facts[7] = bpf_core_type_size(enum perf_callchain_context);
	type_facts[8] = bpf_core_type_matches(struct rlimit);
	type_facts[9] = bpf_core_type_matches(struct path___match);
	type_facts[10] = bpf_core_type_matches(enum pid_type);
	return 0;
}

SEC("tp/syscalls/sys_enter_gettid")
int enums_tp(void *ctx)
{
	enum_facts[0] = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_SID);
	enum_facts[1] = bpf_core_enum_value(enum pid_type, PIDTYPE_SID);
	enum_facts[2] = bpf_core_enum_value(enum pid_type___v2, PIDTYPE_TGID___v2);
	enum_facts[3] = bpf_core_enum_value_exists(enum pid_type___v2, PIDTYPE_GONE___v2);
	/* enum64: the value does not fit an instruction's imm, so it is an ld_imm64 */
	enum_facts[4] = bpf_core_enum_value(enum perf_callchain_context, PERF_CONTEXT_KERNEL);
	enum_facts[5] = bpf_core_enum_value_exists(enum perf_callchain_context, PERF_CONTEXT_MAX);
	enum_facts[6] = bpf_core_enum_value(enum perf_callchain_context, PERF_CONTEXT_USER);
	return 0;
}
