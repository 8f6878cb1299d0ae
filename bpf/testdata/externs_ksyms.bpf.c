// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * .ksyms externs: a typeless symbol (its address from /proc/kallsyms as a 64-bit immediate), weak
 * symbols no kernel has, typed and typeless (zero), and kernel functions (kfuncs: calls with src_reg
 * BPF_PSEUDO_KFUNC_CALL and the kernel's FUNC id; a weak one taken by address, ld_imm64
 * BPF_PSEUDO_BTF_ID; a weak one no kernel has, called on a dead path). Typed kernel variables are in bpf/failing/ksym_variable.bpf.c: this kernel
 * (no CONFIG_KALLSYMS_ALL) cannot give their addresses, so no loader can load them here. The syscall program copies what it sees out so a test can check it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* libbpf 1.1's headers predate bpf_ksym_exists() */
#define ksym_exists(sym) ({ _Static_assert(!__builtin_constant_p(!!sym), #sym " must be __weak"); !!sym; })

extern const int corpus_no_such_typed_ksym __ksym __weak;
extern const void __x64_sys_bpf __ksym;
extern const void corpus_no_such_ksym __ksym __weak;

extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;
extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym __weak;
extern void bpf_corpus_no_such_kfunc(void) __ksym __weak;

struct args {
	int pid;
};

struct ksym_values {
	int task_tgid;
	unsigned long long sys_bpf_address;
	unsigned long long missing_address;
	bool missing_typed_exists;
	bool task_acquire_exists;
};

struct ksym_values seen = {};

SEC("syscall")
int ksyms_copy(struct args *args)
{
	struct task_struct *task;

	bpf_rcu_read_lock();
	task = bpf_task_from_pid(args->pid);
	if (task) {
		seen.task_tgid = task->tgid;
		bpf_task_release(task);
	}
	bpf_rcu_read_unlock();

	seen.sys_bpf_address = (unsigned long long)&__x64_sys_bpf;
	seen.missing_address = (unsigned long long)&corpus_no_such_ksym;
	seen.missing_typed_exists = ksym_exists(&corpus_no_such_typed_ksym);
	seen.task_acquire_exists = ksym_exists(bpf_task_acquire);
	/* the call stays in the code, on a path the verifier proves dead */
	if (ksym_exists(bpf_corpus_no_such_kfunc))
		bpf_corpus_no_such_kfunc();
	return 0;
}

/* a tracing program with BTF-typed context, calling the same kfuncs */
SEC("tp_btf/sched_process_fork")
int ksyms_fork(u64 *ctx)
{
	struct task_struct *child = (struct task_struct *)ctx[1];
	struct task_struct *task;

	task = bpf_task_from_pid(child->pid);
	if (task)
		bpf_task_release(task);
	return 0;
}
