// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * CO-RE field relocations: byte offset (every BPF_CORE_READ), byte size and exists,
 * through nested structs, pointer chains, arrays (access-string indices), named and
 * anonymous unions and anonymous structs, on both sides (declared anonymous locally,
 * or anonymous only in the kernel). Program types: tp/, kprobe/.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

struct task_facts {
	u64 vruntime;
	u64 vlag;
	u64 nofile;
	u64 ti_flags;
	u32 comm_size;
	u32 has_mm;
	s32 pid;
	s32 parent_tgid;
	char comm3;
};

struct task_facts task_facts;	/* .bss */
u64 name_hash_len;		/* .bss */
u32 name_len;
u32 skb_len;
u64 skb_tstamp;
u64 skb_next;

SEC("tp/syscalls/sys_enter_getpid")
int fields_tp(void *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task();

	/* byte offsets: a direct member, a pointer chain, a nested struct member */
	task_facts.pid = BPF_CORE_READ(task, pid);
	task_facts.parent_tgid = BPF_CORE_READ(task, real_parent, tgid);
	task_facts.vruntime = BPF_CORE_READ(task, se.vruntime);
	/* a member of an anonymous union inside a nested struct */
	task_facts.vlag = BPF_CORE_READ(task, se.vlag);
	task_facts.ti_flags = BPF_CORE_READ(task, thread_info.flags);
	/* array indices in the access string: comm[3], signal->rlim[7].rlim_cur */
	task_facts.comm3 = BPF_CORE_READ(task, comm[3]);
	task_facts.nofile = BPF_CORE_READ(task, signal, rlim[7].rlim_cur);
	/* byte size of an array member, existence of a pointer member */
	task_facts.comm_size = bpf_core_field_size(task->comm);
	task_facts.has_mm = bpf_core_field_exists(task->mm);
	return 0;
}

SEC("kprobe/vfs_read")
int fields_kprobe(struct pt_regs *ctx)
{
	/* PT_REGS_PARM1 reads ctx->di: a field relocation on the context pointer itself */
	struct file *file = (struct file *)PT_REGS_PARM1(ctx);

	/* f_path is an anonymous-union member in the kernel only; d_name sits in an
	 * anonymous union here and in the kernel; len in an anonymous struct of an
	 * anonymous union of struct qstr */
	name_len = BPF_CORE_READ(file, f_path.dentry, d_name.len);
	name_hash_len = BPF_CORE_READ(file, f_path.dentry, d_name.hash_len);
	return 0;
}

SEC("kprobe/kfree_skb")
int fields_skb(struct pt_regs *ctx)
{
	struct sk_buff *skb = (struct sk_buff *)PT_REGS_PARM1(ctx);

	skb_len = BPF_CORE_READ(skb, len) + bpf_core_field_size(skb->cb);
	skb_tstamp = BPF_CORE_READ(skb, tstamp);
	skb_next = (u64)BPF_CORE_READ(skb, next);
	return 0;
}
