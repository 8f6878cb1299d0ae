// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libbpf's autoload semantics. A SEC("?...") program is not loaded unless the caller turns it on, and its
 * CO-RE relocations are not even applied (libbpf bpf_object__relocate_core: "no need to apply CO-RE
 * relocation if the program is not going to be loaded"). `never_loaded` asks for the lshift of an array
 * element, which libbpf refuses outright ("can't be applied to array access"): the object loads only
 * because that program is left out. `autoload_on` loads, and calls a .text function with a CO-RE
 * relocation of its own (.text is relocated whatever calls it).
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

u64 seen[2];		/* .bss */

static __noinline u64 parent_tgid(struct task_struct *task)
{
	return BPF_CORE_READ(task, real_parent, tgid);
}

SEC("tp/syscalls/sys_enter_getpid")
int autoload_on(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	seen[0] = BPF_CORE_READ(task, tgid);
	seen[1] = parent_tgid(task);
	return 0;
}

SEC("?tp/syscalls/sys_enter_getppid")
int never_loaded(void *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	seen[0] = BPF_CORE_READ(task, pid);
	seen[1] = __builtin_preserve_field_info(task->comm[1], BPF_FIELD_LSHIFT_U64);
	return 0;
}
