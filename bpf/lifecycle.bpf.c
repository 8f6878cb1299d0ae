// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Process lifecycle tracer, kernel side: ProcTracer's object for everything beyond bootstrap's output (--json,
 * --extended, --failed, the filters ...). bootstrap.bpf.c stays the seed's program for the default output.
 *
 * Events: an exec (with the executable's absolute path from the kernel's file, the arguments read from the new
 * image, credentials, cgroup), the end of a process when its last thread ends (with the wait status, so signals and
 * core dumps are kept), thread ends (with report_threads), and failed execs (programs whose autoload is off unless
 * --failed). Filters run here, so a filtered process never crosses the ring.
 *
 * The sched events are raw tracepoints: they hand over the task and the linux_binprm themselves, and a raw
 * tracepoint link detaches without waiting for an RCU grace period (see bootstrap.bpf.c). Needs Linux 5.17
 * (bpf_loop) with BTF. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "lifecycle.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define AT_FDCWD -100
#define BPF_F_NO_PREALLOC 1            /* include/uapi/linux/bpf.h: hash entries allocated as they come */
#define SIGNAL_GROUP_EXIT 0x00000004 /* include/linux/sched/signal.h */
#define NAME_SIZE 256                /* NAME_MAX and its NUL: one path component */
#define PATH_SIZE 4096               /* PATH_MAX: the exec argument */
#define PATH_STEPS 128               /* components and mount crossings walked for one path */
#define MAX_ARG_CHUNK (128 * 1024)   /* MAX_ARG_STRLEN: no argument is longer (fs/exec.c copy_strings) */
#define STRINGS_SIZE (256 * 1024)    /* the strings one exec record carries at most */

/* Bytes written at an offset below STRINGS_SIZE may run up to MAX_ARG_CHUNK past it: the verifier sees every write
 * land inside the buffer, and the logical limit (STRINGS_SIZE) is checked before each write. */
struct exec_scratch {
	struct lc_exec record;
	char strings[STRINGS_SIZE + MAX_ARG_CHUNK + 1];
};

struct failed_scratch {
	struct lc_exec_failed record;
	char filename[PATH_SIZE];
};

struct pending_exec {
	unsigned long long filename; /* the user address exec was given */
	int dirfd;
	unsigned int at_flags;
	unsigned int syscall;
	unsigned int reserved;
};

struct process_key {
	unsigned int pid;
	unsigned int reserved;
	unsigned long long start_ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4 * 1024 * 1024);
} events SEC(".maps");

/* counts events lost to a full ring (lost_events.h) */
#include "lost_events.h"

/* bpf_ktime_get_boot_ns() of each process's last exec, for the exit's age since exec and -d. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, u32);
	__type(value, u64);
} exec_times SEC(".maps");

/* --pid with --tree: the processes followed (user space puts the root and its descendants in; forks add children). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, u32);
	__type(value, u8);
} tracked SEC(".maps");

/* An exec in flight, by thread id, from its syscall's entry to its exit (only with --failed). LRU: an exec that
 * fails after the point of no return ends the process without a syscall exit. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, u32);
	__type(value, struct pending_exec);
} pending_execs SEC(".maps");

/* Before 6.16 the exit tracepoint does not say which thread ends the process: the first thread to see no live one
 * claims the process here (see last_thread). */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct process_key);
	__type(value, u8);
} ended SEC(".maps");

/* One exec record is built here before it is copied to the ring: bpf_ringbuf_reserve() takes only a size known at
 * verification. An array indexed by CPU rather than a per-CPU array, whose values stop at 32 KiB (PCPU_MIN_UNIT_SIZE);
 * user space sets max_entries to the number of possible CPUs. The programs run with migration disabled and a
 * program does not nest in itself on a CPU, so one slot per CPU is enough. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct exec_scratch);
} exec_scratch SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, struct failed_scratch);
} failed_scratch SEC(".maps");

/* Set by user space before load (the verifier then prunes what they switch off). */
const volatile u64 min_duration_ns = 0;
const volatile u32 filter_pid = 0;      /* 0: every process */
const volatile u32 filter_tree = 0;     /* with filter_pid: its descendants too (the tracked map) */
const volatile u32 filter_uid_set = 0;
const volatile u32 filter_uid = 0;      /* the real uid */
const volatile char filter_comm[LC_COMM_LEN] = {}; /* empty: every comm */
const volatile u64 filter_cgroup = 0;   /* a cgroup v2 id: that cgroup and its descendants; 0: every cgroup */
const volatile u32 report_threads = 0;
const volatile u32 max_args = 256;
const volatile u32 max_arg_size = 4096;

static __always_inline struct kernfs_node *kernfs_parent(struct kernfs_node *kn)
{
	if (bpf_core_field_exists(kn->__parent))
		return BPF_CORE_READ(kn, __parent);
	return BPF_CORE_READ((struct kernfs_node___pre_6_15 *)kn, parent);
}

struct cgroup_match {
	struct kernfs_node *kn;
	bool found;
};

static long cgroup_match_step(u64 index, struct cgroup_match *m)
{
	struct kernfs_node *kn = m->kn;

	if (!kn)
		return 1;
	if (BPF_CORE_READ(kn, id) == filter_cgroup) {
		m->found = true;
		return 1;
	}
	m->kn = kernfs_parent(kn);
	return 0;
}

static __always_inline bool comm_matches(const char *comm)
{
	for (int i = 0; i < LC_COMM_LEN; i++) {
		if (comm[i] != filter_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

/* The filters, in the kernel so that nothing filtered reaches the ring. */
static __always_inline bool wanted(struct task_struct *task, u32 tgid, const char *comm)
{
	if (filter_pid && !filter_tree && tgid != filter_pid)
		return false;
	if (filter_pid && filter_tree && !bpf_map_lookup_elem(&tracked, &tgid))
		return false;
	if (filter_uid_set && BPF_CORE_READ(task, real_cred, uid.val) != filter_uid)
		return false;
	if (filter_comm[0] && !comm_matches(comm))
		return false;
	if (filter_cgroup) {
		struct cgroup_match m = { .kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn) };

		bpf_loop(PATH_STEPS, cgroup_match_step, &m, 0);
		if (!m.found)
			return false;
	}
	return true;
}

/* Everything a record says about the process; TASK is current. */
static __always_inline void fill_header(struct lc_header *h, unsigned char type, struct task_struct *task, u64 now)
{
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);
	struct task_struct *parent = BPF_CORE_READ(task, real_parent);
	const struct cred *cred = BPF_CORE_READ(task, real_cred);

	h->type = type;
	h->flags = 0;
	h->reserved = 0;
	h->pid = BPF_CORE_READ(task, tgid);
	h->tid = BPF_CORE_READ(task, pid);
	h->ppid = BPF_CORE_READ(parent, tgid);
	h->uid = BPF_CORE_READ(cred, uid.val);
	h->euid = BPF_CORE_READ(cred, euid.val);
	h->gid = BPF_CORE_READ(cred, gid.val);
	h->egid = BPF_CORE_READ(cred, egid.val);
	h->time_ns = now;
	/* exec keeps the leader's start time (de_thread() copies it to the thread that becomes the leader) */
	h->start_ns = BPF_CORE_READ(leader, start_boottime);
	h->parent_start_ns = BPF_CORE_READ(parent, group_leader, start_boottime);
	h->cgroup_id = bpf_get_current_cgroup_id();
	BPF_CORE_READ_STR_INTO(&h->comm, leader, comm);
}

/* Path components, leaf first, NUL-terminated, appended at OFF. */
struct strings {
	struct exec_scratch *s;
	u32 off;
	u16 parts;
	bool full;
};

static __always_inline bool append_kernel_string(struct strings *out, const void *src, u32 size)
{
	long n;

	if (out->off + size > STRINGS_SIZE) {
		out->full = true;
		return false;
	}
	n = bpf_probe_read_kernel_str(&out->s->strings[out->off & (STRINGS_SIZE - 1)], size, src);
	if (n <= 0)
		return false;
	out->off += n;
	out->parts++;
	return true;
}

struct path_walk {
	struct strings out;
	struct dentry *dentry;
	struct mount *mnt;
	/* the task's fs->root: the walk ends there, as d_path() does, so a chrooted or containerised process's path is
	 * the one it sees itself (its /proc/PID/exe from inside), as Tetragon reports it too */
	struct dentry *root_dentry;
	struct vfsmount *root_mnt;
	bool done;
};

/* One step of d_path(): a name, or a step from a mount's root to where it is mounted (fs/d_path.c prepend_path). */
static long path_step(u64 index, struct path_walk *w)
{
	/* locals, not w->...: BPF_CORE_READ relocates every member access of its first argument */
	struct dentry *dentry = w->dentry, *parent = BPF_CORE_READ(dentry, d_parent);
	struct mount *mnt = w->mnt;

	if (dentry == w->root_dentry && &mnt->mnt == w->root_mnt) {
		w->done = true;
		return 1;
	}
	if (dentry == BPF_CORE_READ(mnt, mnt.mnt_root) || dentry == parent) {
		struct mount *up = BPF_CORE_READ(mnt, mnt_parent);

		if (!up || up == mnt) {
			/* the root of the mount namespace (or of a detached mount) */
			w->done = true;
			return 1;
		}
		w->dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
		w->mnt = up;
		return 0;
	}
	if (!append_kernel_string(&w->out, BPF_CORE_READ(dentry, d_name.name), NAME_SIZE))
		return 1;
	w->dentry = parent;
	return 0;
}

struct cgroup_walk {
	struct strings out;
	struct kernfs_node *kn;
	bool done;
};

static long cgroup_step(u64 index, struct cgroup_walk *w)
{
	struct kernfs_node *kn = w->kn, *parent = kernfs_parent(kn);

	if (!parent) {
		/* the root cgroup has no name of its own */
		w->done = true;
		return 1;
	}
	if (!append_kernel_string(&w->out, BPF_CORE_READ(kn, name), NAME_SIZE))
		return 1;
	w->kn = parent;
	return 0;
}

struct args_walk {
	struct exec_scratch *s;
	u64 argv; /* user address of the argv[] pointer array */
	u64 cur;  /* user address of the current argument */
	u64 end;  /* mm->arg_end */
	u32 argc;
	u32 off;
	u32 captured;
	bool truncated;
};

/* Copies argument INDEX, cut to max_arg_size bytes. Its length is where the next one starts (the kernel copies the
 * strings back to back: fs/exec.c copy_strings), so a cut argument is skipped without reading the rest of it. */
static long args_step(u64 index, struct args_walk *w)
{
	u64 next = w->end;
	u32 len, n, off;

	if (index + 1 < w->argc && bpf_probe_read_user(&next, sizeof(next), (void *)(w->argv + (index + 1) * 8)))
		return 1;
	if (next <= w->cur || next > w->end)
		return 1;
	len = next - w->cur - 1;
	n = len < max_arg_size ? len : max_arg_size;
	if (n > MAX_ARG_CHUNK)
		n = MAX_ARG_CHUNK;
	if (n < len)
		w->truncated = true;
	if (w->off + n + 1 > STRINGS_SIZE) {
		w->truncated = true;
		return 1;
	}
	off = w->off & (STRINGS_SIZE - 1);
	if (bpf_probe_read_user(&w->s->strings[off], n, (void *)w->cur))
		return 1;
	w->s->strings[off + n] = 0;
	w->off += n + 1;
	w->cur = next;
	w->captured++;
	return 0;
}

static __always_inline u32 read_args(struct exec_scratch *s, u32 off, struct task_struct *task, struct lc_exec *e)
{
	struct mm_struct *mm = BPF_CORE_READ(task, mm);
	u64 stack = BPF_CORE_READ(mm, start_stack);
	u64 argc = 0;
	struct args_walk w = { .s = s, .off = off };

	/* The new image's stack as load_elf_binary() left it (create_elf_tables): argc, then the argv[] pointers. */
	w.cur = BPF_CORE_READ(mm, arg_start);
	w.end = BPF_CORE_READ(mm, arg_end);
	w.argv = stack + 8;
	bpf_probe_read_user(&argc, sizeof(argc), (void *)stack);
	w.argc = argc;
	e->argc = argc;
	e->args_size = w.end - w.cur;
	/* max_args 0 (no output shows argv) must leave the loop out, not run it 0 times: the verifier then never visits
	 * args_step, removes it as dead code and fails with "No program to jit" at its bpf_loop (seen on 6.18). */
	if (max_args && w.argc && w.end > w.cur) {
		u32 wanted_args = argc < max_args ? argc : max_args;

		bpf_probe_read_user(&w.cur, sizeof(w.cur), (void *)w.argv);
		bpf_loop(wanted_args, args_step, &w, 0);
	}
	e->args_captured = w.captured;
	if (w.truncated || w.captured < argc)
		e->h.flags |= LC_ARGS_TRUNCATED;
	return w.off;
}

SEC("raw_tp/sched_process_exec")
int BPF_PROG(lifecycle_exec, struct task_struct *task, pid_t old_pid, struct linux_binprm *bprm)
{
	u64 now = bpf_ktime_get_boot_ns();
	u32 tgid = BPF_CORE_READ(task, tgid);
	u32 cpu = bpf_get_smp_processor_id();
	struct exec_scratch *s;
	struct lc_exec *e;
	char comm[LC_COMM_LEN];
	u64 size;

	/* every process's exec time, as bootstrap keeps it: its exit may pass the filters even if its exec did not */
	bpf_map_update_elem(&exec_times, &tgid, &now, BPF_ANY);
	/* -d: exits only */
	if (min_duration_ns)
		return 0;
	bpf_get_current_comm(comm, sizeof(comm));
	if (!wanted(task, tgid, comm))
		return 0;
	s = bpf_map_lookup_elem(&exec_scratch, &cpu);
	if (!s)
		return 0;
	e = &s->record;
	fill_header(&e->h, LC_EXEC, task, now);

	struct strings name = { .s = s };
	append_kernel_string(&name, BPF_CORE_READ(bprm, filename), PATH_SIZE);

	/* the file the kernel runs (an interpreter, for a script), not the name it was asked for */
	struct file *file = BPF_CORE_READ(bprm, file);
	struct vfsmount *vfsmnt = BPF_CORE_READ(file, f_path.mnt);
	struct path_walk exe = {
		.out = { .s = s, .off = name.off },
		.dentry = BPF_CORE_READ(file, f_path.dentry),
		/* real_mount(): the vfsmount is a member of its struct mount */
		.mnt = (void *)vfsmnt - bpf_core_field_offset(struct mount, mnt),
		.root_dentry = BPF_CORE_READ((struct task_struct___fs *)task, fs, root.dentry),
		.root_mnt = BPF_CORE_READ((struct task_struct___fs *)task, fs, root.mnt),
	};
	bpf_loop(PATH_STEPS, path_step, &exe, 0);
	e->exe_parts = exe.out.parts;
	if (!exe.done)
		e->h.flags |= LC_EXE_TRUNCATED;

	struct cgroup_walk cgroup = {
		.out = { .s = s, .off = exe.out.off },
		.kn = BPF_CORE_READ(task, cgroups, dfl_cgrp, kn),
	};
	bpf_loop(PATH_STEPS, cgroup_step, &cgroup, 0);
	e->cgroup_parts = cgroup.out.parts;
	if (!cgroup.done)
		e->h.flags |= LC_CGROUP_TRUNCATED;

	size = sizeof(*e) + read_args(s, cgroup.out.off, task, e);
	if (size > sizeof(*e) + STRINGS_SIZE)
		size = sizeof(*e) + STRINGS_SIZE;
	if (bpf_ringbuf_output(&events, e, size, 0))
		lost_events_add(0);
	return 0;
}

/* Whether TASK, ending, is the last thread of its process. */
static __always_inline bool last_thread(struct task_struct *task, u64 *ctx, struct lc_header *h)
{
	/* 6.16+: the tracepoint says so itself (its second argument, and the record type that came with it) */
	if (bpf_core_type_exists(struct trace_event_raw_sched_process_exit))
		return ((volatile u64 *)ctx)[1] & 0xff;
	/* Before: do_exit() took signal->live down before the tracepoint, and the thread that took it to 0 is the last.
	 * A thread ending at the same moment may see 0 as well; the first to claim the process reports it. */
	if (BPF_CORE_READ(task, signal, live.counter) != 0)
		return false;
	struct process_key key = { .pid = h->pid, .start_ns = h->start_ns };
	u8 one = 1;

	return bpf_map_update_elem(&ended, &key, &one, BPF_NOEXIST) == 0;
}

SEC("raw_tp/sched_process_exit")
int lifecycle_exit(u64 *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	u64 now = bpf_ktime_get_boot_ns();
	struct signal_struct *signal = BPF_CORE_READ(task, signal);
	struct lc_exit *e;
	struct lc_exit record;
	u64 *exec_ns;
	bool last, keep;
	u32 tgid;

	fill_header(&record.h, LC_EXIT, task, now);
	tgid = record.h.pid;
	last = last_thread(task, ctx, &record.h);
	if (!last && !report_threads)
		return 0;
	if (last) {
		/* what wait(2) reports (kernel/exit.c wait_task_zombie): the group's code after exit_group() or a fatal
		 * signal, else the leader's own, which ended first or is this thread */
		if (BPF_CORE_READ(signal, flags) & SIGNAL_GROUP_EXIT)
			record.status = BPF_CORE_READ(signal, group_exit_code);
		else
			record.status = BPF_CORE_READ(task, group_leader, exit_code);
	} else {
		record.h.type = LC_THREAD_EXIT;
		record.status = BPF_CORE_READ(task, exit_code);
	}
	record.reserved = 0;
	record.exec_ns = 0;
	exec_ns = bpf_map_lookup_elem(&exec_times, &tgid);
	if (exec_ns) {
		record.exec_ns = *exec_ns;
		record.h.flags |= LC_EXEC_TIME;
	}
	/* decided before the process leaves the maps: --tree's filter looks it up in tracked */
	keep = (!min_duration_ns || (exec_ns && now - record.exec_ns >= min_duration_ns)) && wanted(task, tgid, record.h.comm);
	if (last) {
		bpf_map_delete_elem(&exec_times, &tgid);
		if (filter_tree)
			bpf_map_delete_elem(&tracked, &tgid);
	}
	if (!keep)
		return 0;

	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		lost_events_add(0);
		return 0;
	}
	__builtin_memcpy(e, &record, sizeof(*e));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

/* --tree: a child of a followed process is followed too. Threads share their process's entry. */
SEC("?raw_tp/sched_process_fork")
int BPF_PROG(lifecycle_fork, struct task_struct *parent, struct task_struct *child)
{
	u32 parent_tgid = BPF_CORE_READ(parent, tgid);
	u32 child_pid = BPF_CORE_READ(child, pid);
	u8 one = 1;

	if (child_pid != BPF_CORE_READ(child, tgid) || !bpf_map_lookup_elem(&tracked, &parent_tgid))
		return 0;
	bpf_map_update_elem(&tracked, &child_pid, &one, BPF_ANY);
	return 0;
}

/* --failed: the entry of execve/execveat remembers what was asked, the exit reports it if it failed. */
static __always_inline int remember_exec(unsigned long filename, int dirfd, unsigned int at_flags, unsigned int syscall)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct pending_exec pending = {
		.filename = filename,
		.dirfd = dirfd,
		.at_flags = at_flags,
		.syscall = syscall,
	};

	bpf_map_update_elem(&pending_execs, &tid, &pending, BPF_ANY);
	return 0;
}

static __always_inline int report_failure(long ret)
{
	u32 tid = (u32)bpf_get_current_pid_tgid();
	struct pending_exec *pending = bpf_map_lookup_elem(&pending_execs, &tid);
	struct task_struct *task;
	struct failed_scratch *s;
	u32 zero = 0;
	long n;

	if (!pending)
		return 0;
	/* a successful exec returns 0 in the new image; its entry goes all the same */
	if (ret < 0 && (s = bpf_map_lookup_elem(&failed_scratch, &zero))) {
		task = (struct task_struct *)bpf_get_current_task();
		fill_header(&s->record.h, LC_EXEC_FAILED, task, bpf_ktime_get_boot_ns());
		if (wanted(task, s->record.h.pid, s->record.h.comm)) {
			s->record.error = -ret;
			s->record.dirfd = pending->dirfd;
			s->record.at_flags = pending->at_flags;
			s->record.syscall = pending->syscall;
			/* the caller's memory is still there: a failed exec returns to the old image */
			n = bpf_probe_read_user_str(s->filename, sizeof(s->filename), (void *)pending->filename);
			if (n <= 0) {
				s->filename[0] = 0;
				n = 1;
			}
			if (n > PATH_SIZE)
				n = PATH_SIZE;
			if (bpf_ringbuf_output(&events, s, sizeof(s->record) + n, 0))
				lost_events_add(0);
		}
	}
	bpf_map_delete_elem(&pending_execs, &tid);
	return 0;
}

SEC("?tp/syscalls/sys_enter_execve")
int lifecycle_execve_enter(struct syscall_trace_enter *ctx)
{
	return remember_exec(ctx->args[0], AT_FDCWD, 0, LC_EXECVE);
}

SEC("?tp/syscalls/sys_enter_execveat")
int lifecycle_execveat_enter(struct syscall_trace_enter *ctx)
{
	return remember_exec(ctx->args[1], (int)ctx->args[0], (unsigned int)ctx->args[4], LC_EXECVEAT);
}

SEC("?tp/syscalls/sys_exit_execve")
int lifecycle_execve_exit(struct syscall_trace_exit *ctx)
{
	return report_failure(ctx->ret);
}

SEC("?tp/syscalls/sys_exit_execveat")
int lifecycle_execveat_exit(struct syscall_trace_exit *ctx)
{
	return report_failure(ctx->ret);
}
