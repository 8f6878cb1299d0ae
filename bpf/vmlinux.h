/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * A hand-written subset of the kernel's types: only what our BPF programs touch.
 * Every record is preserve_access_index, so clang emits CO-RE relocations and the
 * loader fixes offsets against the running kernel's BTF: the layouts below need
 * only name the members, not match any kernel.
 */
#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#include "bpf_types.h"

#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)

typedef struct { int counter; } atomic_t;
typedef struct { unsigned int val; } kuid_t;
typedef struct { unsigned int val; } kgid_t;

struct cred {
	kuid_t uid;
	kgid_t gid;
	kuid_t euid;
	kgid_t egid;
};

/* The process-wide half of a thread group (include/linux/sched/signal.h). */
struct signal_struct {
	atomic_t live;
	int group_exit_code;
	unsigned int flags;
};

struct qstr {
	unsigned int len;
	const unsigned char *name;
};

struct dentry {
	struct dentry *d_parent;
	struct qstr d_name;
};

struct vfsmount {
	struct dentry *mnt_root;
};

/* fs/mount.h: a vfsmount is embedded in its struct mount (real_mount() is container_of). */
struct mount {
	struct mount *mnt_parent;
	struct dentry *mnt_mountpoint;
	struct vfsmount mnt;
};

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

struct file {
	struct path f_path;
};

/* include/linux/fs_struct.h: the task's root and working directory */
struct fs_struct {
	struct path root;
};

/* task_struct.fs, as a flavor of its own: bootstrap.bpf.o's BTF (the seed's) keeps task_struct as it was */
struct task_struct___fs {
	struct fs_struct *fs;
};

struct mm_struct {
	unsigned long start_stack;
	unsigned long arg_start;
	unsigned long arg_end;
	struct file *exe_file;
};

/* Linux 6.15 renamed kernfs_node.parent to __parent (RCU-protected); kernfs_node___pre_6_15 names the old one. */
struct kernfs_node {
	struct kernfs_node *__parent;
	const char *name;
	u64 id;
};

struct kernfs_node___pre_6_15 {
	struct kernfs_node *parent;
};

struct cgroup {
	struct kernfs_node *kn;
};

struct css_set {
	struct cgroup *dfl_cgrp;
};

/* The first four members are what bootstrap.bpf.c reads; the rest came with lifecycle.bpf.c, after them so that the
 * seed's CO-RE access strings stay as they were. */
struct task_struct {
	int pid;
	int tgid;
	int exit_code;
	struct task_struct *real_parent;
	struct task_struct *group_leader;
	u64 start_time;
	u64 start_boottime;
	const struct cred *real_cred;
	char comm[16];
	struct signal_struct *signal;
	struct mm_struct *mm;
	struct css_set *cgroups;
};

struct linux_binprm {
	struct file *file;
	const char *filename;
};

struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

struct trace_event_raw_sched_process_exec {
	struct trace_entry ent;
	u32 __data_loc_filename;
	pid_t pid;
	pid_t old_pid;
	char __data[0];
};

/* 6.16+: sched_process_exit has its own record, with group_dead (the thread ending its thread group). */
struct trace_event_raw_sched_process_exit {
	struct trace_entry ent;
	char comm[16];
	pid_t pid;
	int prio;
	bool group_dead;
};

#pragma clang attribute pop

/* The records of the syscalls/sys_enter_* and sys_exit_* tracepoints (kernel/trace/trace_syscalls.c), laid out as
 * their tracefs format files say (__syscall_nr at 8, the arguments or ret at 16) since syscall events began: not
 * relocated, like every perf tracepoint context the kernel hands over as a raw record. */
struct syscall_trace_enter {
	unsigned short common_type;
	unsigned char common_flags;
	unsigned char common_preempt_count;
	int common_pid;
	int nr;
	unsigned long args[6];
};

struct syscall_trace_exit {
	unsigned short common_type;
	unsigned char common_flags;
	unsigned char common_preempt_count;
	int common_pid;
	int nr;
	long ret;
};

#endif /* __VMLINUX_H__ */
