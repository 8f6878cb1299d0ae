/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The kernel types the samples touch beyond the corpus's (../testdata/kernel_types.h: pt_regs with the
 * kernel's register names, task_struct), written by hand in the same way: every record is
 * preserve_access_index, so only member names and kinds must match the running kernel, whose BTF the
 * loader relocates each access against. libbpf-bootstrap includes a generated vmlinux.h instead.
 */
#ifndef SAMPLES_SAMPLE_KERNEL_H
#define SAMPLES_SAMPLE_KERNEL_H

#include "../testdata/kernel_types.h"

struct seq_file;
union bpf_attr;

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

/* include/linux/fs.h: a path name copied in from user space (getname). */
struct filename {
	const char *name;
};

/* include/linux/bpf.h: what every iterator program's context starts with. */
struct bpf_iter_meta {
	struct seq_file *seq;
	__u64 session_id;
	__u64 seq_num;
};

/* kernel/bpf/task_iter.c: the context of iter/task programs (DEFINE_BPF_ITER_FUNC(task, ...)). */
struct bpf_iter__task {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
};

#pragma clang attribute pop

#endif
