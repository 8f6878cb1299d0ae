/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The records lifecycle.bpf.c writes to its ring, shared with ProcTracer (src/ProcTracer/Lifecycle/Records.cs, which
 * must match these layouts byte for byte; every member is naturally aligned, so no padding hides anywhere).
 * Every record starts with a struct lc_header; its type says what follows. Strings that follow a record are
 * NUL-terminated and come in the order the record's counts give. */
#ifndef __LIFECYCLE_H
#define __LIFECYCLE_H

#define LC_COMM_LEN 16

enum lc_type {
	LC_EXEC = 1,        /* struct lc_exec: a successful execve/execveat */
	LC_EXIT = 2,        /* struct lc_exit: the last thread of a process ended */
	LC_EXEC_FAILED = 3, /* struct lc_exec_failed: execve/execveat returned an error */
	LC_THREAD_EXIT = 4, /* struct lc_exit: a thread ended, its process lives on (only with report_threads) */
};

enum lc_flags {
	LC_ARGS_TRUNCATED = 1,   /* fewer arguments, or fewer bytes of one, than the process has */
	LC_EXE_TRUNCATED = 2,    /* the executable's path is deeper than the walk goes, or out of room */
	LC_CGROUP_TRUNCATED = 4, /* likewise for the cgroup path */
	LC_EXEC_TIME = 8,        /* lc_exit.exec_ns is the time of the process's last exec */
};

enum lc_syscall {
	LC_EXECVE = 0,
	LC_EXECVEAT = 1,
};

struct lc_header {
	unsigned char type;
	unsigned char flags;
	unsigned short reserved;
	unsigned int pid;  /* the thread group id, what user space calls the pid */
	unsigned int tid;  /* the thread's own id */
	unsigned int ppid; /* the thread group id of the real parent */
	unsigned int uid;  /* real and effective ids, from the task's objective credentials */
	unsigned int euid;
	unsigned int gid;
	unsigned int egid;
	unsigned long long time_ns;         /* when it happened: bpf_ktime_get_boot_ns() */
	unsigned long long start_ns;        /* the process's start_boottime (its leader's fork) */
	unsigned long long parent_start_ns; /* the parent process's */
	unsigned long long cgroup_id;       /* the cgroup v2 id (its kernfs node id) */
	char comm[LC_COMM_LEN];             /* the process's (thread group leader's) */
};

/* Followed by: the file name passed to exec, the executable's path components from the leaf up (exe_parts of
 * them), the cgroup path components from the leaf up (cgroup_parts), then args_captured arguments. */
struct lc_exec {
	struct lc_header h;
	unsigned int argc;          /* arguments the process has */
	unsigned int args_size;     /* bytes they take, NULs included (mm->arg_end - mm->arg_start) */
	unsigned int args_captured; /* arguments that follow */
	unsigned short exe_parts;
	unsigned short cgroup_parts;
};

struct lc_exit {
	struct lc_header h;
	unsigned int status;  /* the wait(2) status: exit code << 8, or the signal | 0x80 when it dumped core */
	unsigned int reserved;
	unsigned long long exec_ns; /* bpf_ktime_get_boot_ns() at the process's last exec (with LC_EXEC_TIME) */
};

/* Followed by the file name passed to exec (as far as it could be read). */
struct lc_exec_failed {
	struct lc_header h;
	int error; /* errno */
	int dirfd; /* execveat's directory fd (AT_FDCWD for execve) */
	unsigned int at_flags;
	unsigned int syscall; /* enum lc_syscall */
};

#endif /* __LIFECYCLE_H */
